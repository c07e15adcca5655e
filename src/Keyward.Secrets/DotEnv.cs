namespace Keyward.Secrets;

/// <summary>Reads <c>NAME=value</c> lines of a .env file: comments, blank lines and <c>export</c> prefixes are
/// skipped, matching single or double quotes around a value are removed.</summary>
public static class DotEnv
{
    /// <summary>Parses the lines.</summary>
    /// <param name="lines">The file's lines.</param>
    /// <returns>Each name and value, in file order; lines without a name are skipped.</returns>
    public static IEnumerable<(string Name, string Value)> Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart();
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? line[..equals].Trim() : string.Empty;
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                continue;
            }

            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && value[0] == value[^1] && value[0] is '"' or '\'')
            {
                value = value[1..^1];
            }

            if (value.Length > 0)
            {
                yield return (name, value);
            }
        }
    }
}
