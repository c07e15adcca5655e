namespace Keyward.Providers.Instantly.Inference;

/// <summary>A file a scan passed over, and why.</summary>
/// <param name="File">The file, relative to the scanned root.</param>
/// <param name="Reason">Why it was not read.</param>
public sealed record SkippedFile(string File, string Reason);
