namespace Keyward.Core.Text;

/// <summary>Shannon entropy of a string's characters, in bits per character.</summary>
public static class Entropy
{
    /// <summary>Computes the entropy.</summary>
    /// <param name="text">The text.</param>
    /// <returns>0 for empty or single-character text; at most log2 of the distinct characters.</returns>
    public static double Shannon(ReadOnlySpan<char> text)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        var counts = new Dictionary<char, int>();
        foreach (var c in text)
        {
            counts[c] = counts.GetValueOrDefault(c) + 1;
        }

        var entropy = 0.0;
        foreach (var count in counts.Values)
        {
            var p = (double)count / text.Length;
            entropy -= p * Math.Log2(p);
        }

        return entropy;
    }
}
