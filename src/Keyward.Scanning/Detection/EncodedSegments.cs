using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Keyward.Scanning.Detection;

/// <summary>Finds base64, hex and percent-encoded runs that decode to printable text.</summary>
internal static partial class EncodedSegments
{
    public static IEnumerable<EncodedSegment> Find(string text, DetectorOptions options)
    {
        var base64Runs = Runs(text, Base64, options.MinEncodedLength);
        foreach (var (start, length) in base64Runs)
        {
            var run = text.AsSpan(start, length);
            var padded = Math.Min(length + CountPadding(text, start + length), length + 2);
            if (length > options.MaxEncodedLength || IsAllHex(run) || !LooksEncoded(run))
            {
                continue;
            }

            if (TryDecodeBase64(run, out var decoded))
            {
                yield return new EncodedSegment(start, padded, "base64", decoded);
            }
        }

        // Hex digits are base64 characters too, so every long enough hex run lies inside a base64 run.
        foreach (var (outerStart, outerLength) in base64Runs)
        {
            foreach (var (innerStart, length) in Runs(text.AsSpan(outerStart, outerLength), Hex, options.MinEncodedLength))
            {
                var start = outerStart + innerStart;
                var even = length & ~1;
                if (length > options.MaxEncodedLength)
                {
                    continue;
                }

                var digits = text.AsSpan(start, even);
                if (MayBeHexText(digits) && TryPrintable(Convert.FromHexString(digits), out var decoded))
                {
                    yield return new EncodedSegment(start, even, "hex", decoded);
                }
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
    /// Finds maximal runs of characters of class <paramref name="mask"/> at least <paramref name="min"/> long. Most text
    /// is short words, so probing every <paramref name="min"/>-th character and skipping ahead when it is outside the
    /// class is far cheaper than a regex that starts a match attempt at every character. Classes come from a table
    /// rather than <c>SearchValues</c>: one array read per character, no call.
    /// </summary>
    internal static List<(int Start, int Length)> Runs(ReadOnlySpan<char> text, byte mask, int min)
    {
        var runs = new List<(int, int)>();
        var position = 0;
        while (position + min <= text.Length)
        {
            var probe = position + min - 1;
            if (!Is(text[probe], mask))
            {
                position = probe + 1;
                continue;
            }

            var start = probe;
            while (start > position && Is(text[start - 1], mask))
            {
                start--;
            }

            var end = probe + 1;
            while (end < text.Length && Is(text[end], mask))
            {
                end++;
            }

            if (end - start >= min)
            {
                runs.Add((start, end - start));
            }

            position = end + 1;
        }

        return runs;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Is(char c, byte mask) => c < Classes.Length && (Classes[c] & mask) != 0;

    private static byte[] BuildClasses()
    {
        var classes = new byte[128];
        foreach (var c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-")
        {
            classes[c] |= Base64;
        }

        foreach (var c in "0123456789ABCDEFabcdef")
        {
            classes[c] |= Hex;
        }

        return classes;
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

    private static bool TryDecodeBase64(ReadOnlySpan<char> run, out string decoded)
    {
        decoded = string.Empty;
        var body = run.TrimEnd('=');
        if (body.Length % 4 == 1 || !MayBeBase64Text(body))
        {
            return false;
        }

        // Translate the URL-safe alphabet and pad, in pooled buffers: most runs are tried and rejected.
        var length = body.Length + ((4 - (body.Length % 4)) % 4);
        var chars = ArrayPool<char>.Shared.Rent(length);
        var bytes = ArrayPool<byte>.Shared.Rent(length / 4 * 3);
        try
        {
            for (var i = 0; i < body.Length; i++)
            {
                chars[i] = body[i] switch { '-' => '+', '_' => '/', var c => c };
            }

            chars.AsSpan(body.Length, length - body.Length).Fill('=');
            return Convert.TryFromBase64Chars(chars.AsSpan(0, length), bytes, out var written)
                && TryPrintable(bytes.AsSpan(0, written), out decoded);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>
    /// Rejects, without decoding, runs that cannot pass <see cref="TryPrintable"/>: the first character of each
    /// group of four holds the top six bits of a byte, and only A-Z and a-f (values below 32) give a byte below 0x80.
    /// Every other first character means a non-printable byte, and more than 5% of those fail the text test anyway.
    /// </summary>
    internal static bool MayBeBase64Text(ReadOnlySpan<char> body)
    {
        var high = 0;
        for (var i = 0; i < body.Length; i += 4)
        {
            if (!char.IsAsciiLetterUpper(body[i]) && body[i] is not (>= 'a' and <= 'f'))
            {
                high++;
            }
        }

        return high <= body.Length * 3 / 4 * (1 - PrintableShare);
    }

    /// <summary>The same test for hex: a byte below 0x80 starts with a digit 0 to 7.</summary>
    internal static bool MayBeHexText(ReadOnlySpan<char> digits)
    {
        var high = 0;
        for (var i = 0; i < digits.Length; i += 2)
        {
            if (digits[i] is not (>= '0' and <= '7'))
            {
                high++;
            }
        }

        return high <= digits.Length / 2 * (1 - PrintableShare);
    }

    /// <summary>Decoded bytes count only if they are UTF-8 text that is almost all printable.</summary>
    internal static bool TryPrintable(ReadOnlySpan<byte> bytes, out string text)
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

        if (printable < bytes.Length * PrintableShare)
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

    /// <summary>The share of printable bytes that makes decoded bytes text.</summary>
    private const double PrintableShare = 0.95;

    /// <summary>Character classes: base64 (standard and URL-safe alphabets) and hex digits.</summary>
    internal const byte Base64 = 1;

    /// <inheritdoc cref="Base64"/>
    internal const byte Hex = 2;

    private static readonly byte[] Classes = BuildClasses();

    [GeneratedRegex(@"%[0-9A-Fa-f]{2}(?:[A-Za-z0-9._~+:@/=-]*%[0-9A-Fa-f]{2})+[A-Za-z0-9._~+:@/=-]*")]
    private static partial Regex PercentRegex();
}
