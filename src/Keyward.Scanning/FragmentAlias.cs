namespace Keyward.Scanning;

/// <summary>Another path, and the commit that put the same content there.</summary>
/// <param name="Path">The path.</param>
/// <param name="Commit">The commit that introduced the content at that path.</param>
public sealed record FragmentAlias(string Path, CommitInfo? Commit);
