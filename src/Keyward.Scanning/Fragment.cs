namespace Keyward.Scanning;

/// <summary>A piece of text to scan, with where it came from.</summary>
/// <param name="Path">The path relative to the scan root (or in the repository), '/'-separated.</param>
/// <param name="Text">The content.</param>
/// <param name="Commit">For history scans, the commit that introduced this content; otherwise null.</param>
public sealed record Fragment(string Path, string Text, CommitInfo? Commit = null)
{
    /// <summary>Gets or initializes other places the same content was introduced (a copied file in history).</summary>
    /// <remarks>The text is scanned once; each finding is reported at <see cref="Path"/> and at every alias.</remarks>
    public IReadOnlyList<FragmentAlias> Aliases { get; init; } = [];
}
