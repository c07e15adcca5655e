namespace Keyward.Posture;

/// <summary>Data read from the workspace, or why it could not be read (the scope or setting that would allow it).</summary>
/// <typeparam name="T">The data.</typeparam>
/// <param name="Value">The data, or null when it could not be read.</param>
/// <param name="Missing">Why the data could not be read, such as "the key lacks api_keys:read"; null when it was.</param>
public sealed record Collected<T>(T? Value, string? Missing)
    where T : class;
