using System.Buffers;

namespace Keyward.Scanning.Detection;

/// <summary>Finds which of many short, case-insensitive keywords occur in a text.</summary>
/// <remarks>
/// <para>
/// Keywords of three or more characters go into one <c>SearchValues&lt;string&gt;</c>, which .NET searches with a
/// vectorized multi-pattern algorithm; at each hit only keywords sharing the hit's first character are compared.
/// Two-character keywords would push that search onto a slow scalar path (measured three times slower with the
/// built-in rules), so each of them gets its own vectorized <c>Contains</c> instead.
/// </para>
/// <para>Keywords must be at least two ASCII characters. Instances are immutable and thread-safe.</para>
/// </remarks>
internal sealed class KeywordMatcher
{
    private const int Alphabet = 128;

    private readonly string[] _keywords;
    private readonly SearchValues<string>? _longSearch;
    private readonly int[] _shortKeywords;
    private readonly int[][] _longByFirstChar = new int[Alphabet][];

    public KeywordMatcher(IReadOnlyList<string> keywords)
    {
        _keywords = [.. keywords];
        if (_keywords.FirstOrDefault(k => k.Length < 2 || k.Any(c => c >= Alphabet)) is { } bad)
        {
            throw new ArgumentException($"keyword '{bad}' must be at least two ASCII characters", nameof(keywords));
        }

        var longKeywords = Enumerable.Range(0, _keywords.Length).Where(k => _keywords[k].Length >= 3).ToArray();
        _shortKeywords = Enumerable.Range(0, _keywords.Length).Where(k => _keywords[k].Length < 3).ToArray();
        _longSearch = longKeywords.Length == 0
            ? null
            : SearchValues.Create(longKeywords.Select(k => _keywords[k]).ToArray(), StringComparison.OrdinalIgnoreCase);
        for (var c = 0; c < Alphabet; c++)
        {
            var lower = char.ToLowerInvariant((char)c);
            _longByFirstChar[c] = longKeywords.Where(k => char.ToLowerInvariant(_keywords[k][0]) == lower).ToArray();
        }
    }

    /// <summary>Marks, by index, the keywords that occur in <paramref name="text"/>.</summary>
    public bool[] Find(ReadOnlySpan<char> text)
    {
        var present = new bool[_keywords.Length];
        foreach (var k in _shortKeywords)
        {
            present[k] = text.Contains(_keywords[k], StringComparison.OrdinalIgnoreCase);
        }

        if (_longSearch is null)
        {
            return present;
        }

        var position = 0;
        while (position < text.Length)
        {
            var found = text[position..].IndexOfAny(_longSearch);
            if (found < 0)
            {
                break;
            }

            var at = text[(position + found)..];
            if (at[0] < Alphabet)
            {
                foreach (var k in _longByFirstChar[at[0]])
                {
                    present[k] |= at.StartsWith(_keywords[k], StringComparison.OrdinalIgnoreCase);
                }
            }

            position += found + 1;
        }

        return present;
    }
}
