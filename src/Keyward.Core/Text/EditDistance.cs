namespace Keyward.Core.Text;

/// <summary>Levenshtein distance, for "did you mean" suggestions in error messages.</summary>
public static class EditDistance
{
    /// <summary>Counts the single-character insertions, deletions and substitutions that turn one string into another.</summary>
    /// <param name="a">The first string.</param>
    /// <param name="b">The second string.</param>
    /// <returns>The distance; 0 when the strings are equal.</returns>
    /// <remarks>Runs in O(|a|·|b|) time and O(min(|a|,|b|)) memory; meant for identifiers and paths, not documents.</remarks>
    public static int Compute(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length < b.Length)
        {
            (a, b) = (b, a);
        }

        // b is the shorter string; callers compare short identifiers, but user input is unbounded.
        Span<int> previous = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        Span<int> current = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }

            current.CopyTo(previous);
        }

        return previous[b.Length];
    }
}
