namespace Keyward.Scanning;

/// <summary>A run of characters in a fragment's text.</summary>
/// <param name="Start">The offset of the first character.</param>
/// <param name="Length">The number of characters.</param>
public readonly record struct TextRegion(int Start, int Length)
{
    /// <summary>Gets the offset just past the last character.</summary>
    public int End => Start + Length;
}
