using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Keyward.Scanning.Sources;

/// <summary>Fingerprints every line of a file version together with the text after it, so that a later version of
/// the file is scanned only where it differs.</summary>
/// <remarks>
/// <para>
/// A line's window is the line and the whole lines after it that cover at least <see cref="Context"/> characters
/// (fewer at the end of the file); its key is a 64-bit hash of the window's lines. A match that starts on a line lies
/// inside that line's window: rules read at most <see cref="Context"/> characters past the line a match starts on,
/// and their lookbehinds never reach back across a line break. So a line whose window occurs in the version this one
/// replaced holds no match that version did not have, and only lines with a new window are scanned, each with its
/// window.
/// </para>
/// <para>Hashes are seeded at random for each instance, so no content can be crafted ahead of time to collide with
/// another line's key and slip a secret past the scan. Immutable and thread-safe.</para>
/// </remarks>
internal sealed class LineWindows
{
    /// <summary>Characters of context after a line. More than any built-in rule reads beyond the line a match starts on:
    /// the furthest is <c>api.instantly.ai</c> followed within 80 characters by <c>Bearer</c>, and the token on that
    /// line. A window holds every line that starts within this many characters of its first line's end.</summary>
    public const int Context = 128;

    /// <summary>Changed regions closer than this are scanned as one: a gap this short costs less to scan than another
    /// round of regex calls.</summary>
    public const int MergeGap = 1024;

    /// <summary>When the changed regions cover more than this share of the text, all of it is scanned.</summary>
    private const double WholeTextShare = 0.75;

    private readonly long _seed;

    /// <summary>Initializes a new instance of the <see cref="LineWindows"/> class with a random seed.</summary>
    public LineWindows()
        : this(BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long))))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LineWindows"/> class.</summary>
    /// <param name="seed">The hash seed; keys compare only between instances with the same seed.</param>
    public LineWindows(long seed) => _seed = seed;

    /// <summary>Computes the window key of every line of <paramref name="text"/>.</summary>
    /// <param name="text">A file version.</param>
    /// <param name="earlier">The window keys of the versions this one replaced, one set per path; null when any is
    /// unknown (then <paramref name="changed"/> is null).</param>
    /// <param name="changed">The regions to scan: the window of every line whose window is missing from any of
    /// <paramref name="earlier"/>, merged; null when all of the text should be scanned.</param>
    /// <returns>One key per line.</returns>
    public ulong[] Compute(string text, IReadOnlyList<IReadOnlySet<ulong>>? earlier, out IReadOnlyList<TextRegion>? changed)
    {
        var starts = LineStarts(text);
        var lines = starts.Count - 1;
        var lineHashes = new ulong[lines];
        for (var i = 0; i < lines; i++)
        {
            lineHashes[i] = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text.AsSpan(starts[i], starts[i + 1] - starts[i])), _seed);
        }

        var keys = new ulong[lines];
        var regions = earlier is null ? null : new List<TextRegion>();
        var last = 0;
        for (var i = 0; i < lines; i++)
        {
            // The window's end only moves down the file as i does.
            last = Math.Max(last, i);
            while (last < lines - 1 && starts[last + 1] - starts[i + 1] < Context)
            {
                last++;
            }

            keys[i] = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(lineHashes.AsSpan(i, last - i + 1)), _seed);
            if (regions is not null && !InEvery(earlier!, keys[i]))
            {
                Add(regions, new TextRegion(starts[i], starts[last + 1] - starts[i]));
            }
        }

        changed = regions is not null && regions.Sum(r => (long)r.Length) <= text.Length * WholeTextShare ? regions : null;
        return keys;
    }

    private static List<int> LineStarts(string text)
    {
        var starts = new List<int>(text.Length / 32 + 2);
        for (var i = 0; i < text.Length;)
        {
            starts.Add(i);
            var newline = text.AsSpan(i).IndexOf('\n');
            i = newline < 0 ? text.Length : i + newline + 1;
        }

        starts.Add(text.Length);
        return starts;
    }

    private static bool InEvery(IReadOnlyList<IReadOnlySet<ulong>> sets, ulong key)
    {
        foreach (var set in sets)
        {
            if (!set.Contains(key))
            {
                return false;
            }
        }

        return true;
    }

    private static void Add(List<TextRegion> regions, TextRegion region)
    {
        if (regions.Count > 0 && regions[^1] is var previous && region.Start <= previous.End + MergeGap)
        {
            regions[^1] = previous with { Length = Math.Max(previous.End, region.End) - previous.Start };
        }
        else
        {
            regions.Add(region);
        }
    }
}
