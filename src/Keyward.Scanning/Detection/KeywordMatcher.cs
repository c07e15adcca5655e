using System.Buffers;

namespace Keyward.Scanning.Detection;

/// <summary>Finds which of many short, case-insensitive keywords occur in a text.</summary>
/// <remarks>
/// <para>
/// .NET searches a <c>SearchValues&lt;string&gt;</c> of up to a few dozen ASCII keywords of three or more characters
/// with the vectorized Teddy algorithm, but falls back to a scalar Aho-Corasick automaton beyond that: with the ~90
/// built-in keywords in one set, keyword search was half of all detection time. So keywords of three or more
/// characters are searched in groups of <see cref="GroupSize"/> (4x faster on a 181 M-character corpus), and the
/// two-character ones, which would also force the slow path, each get a vectorized single-value search. (Not
/// <c>Contains(..., OrdinalIgnoreCase)</c>: with invariant globalization, as the CLI runs, that is a scalar loop,
/// the largest single item of a history scan's detection profile.)
/// </para>
/// <para>Keywords must be at least two ASCII characters. Instances are immutable and thread-safe.</para>
/// </remarks>
internal sealed class KeywordMatcher
{
    /// <summary>Keywords per vectorized search; 16 measured fastest (8: 300 ms, 16: 255 ms, 32: 332 ms, 86: 1058 ms).</summary>
    internal const int GroupSize = 16;

    private const int Alphabet = 128;

    private readonly string[] _keywords;
    private readonly (int Index, SearchValues<string> Search)[] _shortKeywords;
    private readonly Group[] _groups;

    public KeywordMatcher(IReadOnlyList<string> keywords)
    {
        _keywords = [.. keywords];
        if (_keywords.FirstOrDefault(k => k.Length < 2 || k.Any(c => c >= Alphabet)) is { } bad)
        {
            throw new ArgumentException($"keyword '{bad}' must be at least two ASCII characters", nameof(keywords));
        }

        _shortKeywords = Enumerable.Range(0, _keywords.Length)
            .Where(k => _keywords[k].Length < 3)
            .Select(k => (k, SearchValues.Create([_keywords[k]], StringComparison.OrdinalIgnoreCase)))
            .ToArray();
        _groups = Enumerable.Range(0, _keywords.Length)
            .Where(k => _keywords[k].Length >= 3)
            .Chunk(GroupSize)
            .Select(indexes => new Group(_keywords, indexes))
            .ToArray();
    }

    /// <summary>Gets how many keywords there are: the length of the arrays <see cref="Find(ReadOnlySpan{char})"/> returns.</summary>
    public int Count => _keywords.Length;

    /// <summary>Marks, by index, the keywords that occur in <paramref name="text"/>.</summary>
    public bool[] Find(ReadOnlySpan<char> text)
    {
        var present = new bool[_keywords.Length];
        Find(text, present);
        return present;
    }

    /// <summary>Also marks, by index, the keywords that occur in <paramref name="text"/>; keywords already marked are not
    /// searched for again, so several parts of a text can be searched into one array.</summary>
    public void Find(ReadOnlySpan<char> text, bool[] present)
    {
        foreach (var (k, search) in _shortKeywords)
        {
            present[k] = present[k] || text.ContainsAny(search);
        }

        foreach (var group in _groups)
        {
            group.Find(text, _keywords, present);
        }
    }

    private sealed class Group
    {
        private readonly SearchValues<string> _search;
        private readonly int[][] _byFirstChar = new int[Alphabet][];
        private readonly int[] _indexes;

        public Group(string[] keywords, int[] indexes)
        {
            _indexes = indexes;
            _search = SearchValues.Create(indexes.Select(k => keywords[k]).ToArray(), StringComparison.OrdinalIgnoreCase);
            for (var c = 0; c < Alphabet; c++)
            {
                var lower = char.ToLowerInvariant((char)c);
                _byFirstChar[c] = indexes.Where(k => char.ToLowerInvariant(keywords[k][0]) == lower).ToArray();
            }
        }

        public void Find(ReadOnlySpan<char> text, string[] keywords, bool[] present)
        {
            var remaining = 0;
            foreach (var k in _indexes)
            {
                remaining += present[k] ? 0 : 1;
            }

            var position = 0;
            while (remaining > 0 && position < text.Length)
            {
                var found = text[position..].IndexOfAny(_search);
                if (found < 0)
                {
                    return;
                }

                var at = text[(position + found)..];
                if (at[0] < Alphabet)
                {
                    foreach (var k in _byFirstChar[at[0]])
                    {
                        if (!present[k] && at.StartsWith(keywords[k], StringComparison.OrdinalIgnoreCase))
                        {
                            present[k] = true;
                            remaining--;
                        }
                    }
                }

                position += found + 1;
            }
        }
    }
}
