using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Keyward.Scanning.Detection;

/// <summary>Finds base64, hex and percent-encoded runs that decode to printable text.</summary>
internal static partial class EncodedSegments
{
    public static IEnumerable<EncodedSegment> Find(string text, DetectorOptions options)
    {
        foreach (var (start, length) in Runs(text, Base64Characters, options.MinEncodedLength))
        {
            var run = text.AsSpan(start, length);
            var padded = Math.Min(length + CountPadding(text, start + length), length + 2);
            if (length > options.MaxEncodedLength || IsAllHex(run) || !LooksEncoded(run))
            {
                continue;
            }

            if (TryDecodeBase64(text.Substring(start, length), out var decoded))
            {
                yield return new EncodedSegment(start, padded, "base64", decoded);
            }
        }

        foreach (var (start, length) in Runs(text, HexCharacters, options.MinEncodedLength))
        {
            var even = length & ~1;
            if (length > options.MaxEncodedLength)
            {
                continue;
            }

            var bytes = Convert.FromHexString(text.AsSpan(start, even));
            if (TryPrintable(bytes, out var decoded))
            {
                yield return new EncodedSegment(start, even, "hex", decoded);
            }
        }

        foreach (Match match in PercentRegex().Matches(text))
        {
            // The regex starts at the first escape so it can search for '%' fast; take in the plain characters
            // before it too ("ACME_SECRET%3D..." must decode whole).
            var start = match.Index;
            while (start > 0 && IsUrlCharacter(text[start - 1]))
            {
                start--;
            }

            var length = match.Index + match.Length - start;
            if (length > options.MaxEncodedLength)
            {
                continue;
            }

            var run = text.Substring(start, length);
            var decoded = Uri.UnescapeDataString(run);
            if (decoded != run)
            {
                yield return new EncodedSegment(start, length, "percent", decoded);
            }
        }
    }

    /// <summary>
    /// Finds maximal runs of <paramref name="set"/> at least <paramref name="min"/> long. Most text is short words, so
    /// probing every <paramref name="min"/>-th character and skipping ahead when it is outside the set is far
    /// cheaper than a regex that starts a match attempt at every character.
    /// </summary>
    internal static List<(int Start, int Length)> Runs(string text, SearchValues<char> set, int min)
    {
        var runs = new List<(int, int)>();
        var span = text.AsSpan();
        var position = 0;
        while (position + min <= span.Length)
        {
            var probe = position + min - 1;
            if (!set.Contains(span[probe]))
            {
                position = probe + 1;
                continue;
            }

            var start = probe;
            while (start > 0 && set.Contains(span[start - 1]))
            {
                start--;
            }

            var rest = span[probe..].IndexOfAnyExcept(set);
            var end = rest < 0 ? span.Length : probe + rest;
            if (end - start >= min)
            {
                runs.Add((start, end - start));
            }

            position = end + 1;
        }

        return runs;
    }

    private static int CountPadding(string text, int index)
    {
        var count = 0;
        while (index + count < text.Length && text[index + count] == '=')
        {
            count++;
        }

        return count;
    }

    private static bool TryDecodeBase64(string run, out string decoded)
    {
        decoded = string.Empty;
        var body = run.TrimEnd('=');
        if (body.Length % 4 == 1)
        {
            return false;
        }

        var standard = body.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (body.Length % 4)) % 4);
        var bytes = new byte[(standard.Length / 4) * 3];
        return Convert.TryFromBase64String(standard, bytes, out var written) && TryPrintable(bytes.AsSpan(0, written), out decoded);
    }

    /// <summary>Decoded bytes count only if they are UTF-8 text that is almost all printable.</summary>
    private static bool TryPrintable(ReadOnlySpan<byte> bytes, out string text)
    {
        text = string.Empty;
        if (bytes.Length < 8)
        {
            return false;
        }

        var printable = 0;
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and < 0x7f or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                printable++;
            }
        }

        if (printable < bytes.Length * 0.95)
        {
            return false;
        }

        text = Encoding.UTF8.GetString(bytes);
        return true;
    }

    /// <summary>
    /// Base64 of text mixes upper case, lower case and digits; long identifiers such as
    /// <c>test_parse_really_long_name</c> do not, and decoding them would only make garbage.
    /// </summary>
    private static bool LooksEncoded(ReadOnlySpan<char> run) =>
        run.IndexOfAnyInRange('A', 'Z') >= 0 && run.IndexOfAnyInRange('a', 'z') >= 0 && run.IndexOfAnyInRange('0', '9') >= 0;

    private static bool IsUrlCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '~' or '+' or ':' or '@' or '/' or '=' or '-';

    private static bool IsAllHex(ReadOnlySpan<char> run)
    {
        foreach (var c in run)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static readonly SearchValues<char> Base64Characters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-");

    private static readonly SearchValues<char> HexCharacters = SearchValues.Create("0123456789ABCDEFabcdef");

    [GeneratedRegex(@"%[0-9A-Fa-f]{2}(?:[A-Za-z0-9._~+:@/=-]*%[0-9A-Fa-f]{2})+[A-Za-z0-9._~+:@/=-]*")]
    private static partial Regex PercentRegex();
}
