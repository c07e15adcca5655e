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

    /// <summary>Gets or initializes the parts of <see cref="Text"/> that are new since the versions this content
    /// replaced at each of its paths, or null when all of it is new.</summary>
    /// <remarks>
    /// <para>History sources set this so that a file changed in a thousand commits is not scanned a thousand times.
    /// Each region is a run of whole lines and already carries the surrounding context a rule can need; text outside
    /// every region was scanned, at the same path, in an earlier version. A rule whose keywords occur only inside the
    /// regions may have been off for that earlier version, so the detector runs such a rule on all of
    /// <see cref="Text"/>.</para>
    /// <para>Regions are in order, do not overlap, and lie within <see cref="Text"/>. An empty list means nothing
    /// changed that can hold a finding.</para>
    /// </remarks>
    public IReadOnlyList<TextRegion>? ChangedRegions { get; init; }
}
