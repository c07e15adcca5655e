using System.Text;
using System.Text.RegularExpressions;

namespace Keyward.Scanning.Rules;

/// <summary>A gitignore-style glob over '/'-separated relative paths: <c>*</c>, <c>?</c> and <c>**</c>.</summary>
public sealed class PathGlob
{
    private readonly Regex _regex;

    /// <summary>Initializes a new instance of the <see cref="PathGlob"/> class.</summary>
    /// <param name="pattern">For example <c>**/*.lock</c> or <c>package-lock.json</c>.</param>
    /// <remarks>A pattern without '/' matches the file name in any directory.</remarks>
    public PathGlob(string pattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        Pattern = pattern;
        var effective = pattern.Contains('/', StringComparison.Ordinal) ? pattern.TrimStart('/') : "**/" + pattern;
        var regex = new StringBuilder("^");
        for (var i = 0; i < effective.Length; i++)
        {
            var c = effective[i];
            if (c == '*' && i + 1 < effective.Length && effective[i + 1] == '*')
            {
                var slash = i + 2 < effective.Length && effective[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        _regex = new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    /// <summary>Gets the pattern as written.</summary>
    public string Pattern { get; }

    /// <summary>Tells whether a relative path matches.</summary>
    /// <param name="relativePath">A path relative to the scan root, '/'-separated.</param>
    /// <returns>Whether it matches.</returns>
    public bool IsMatch(string relativePath) => _regex.IsMatch(relativePath);

    /// <inheritdoc/>
    public override string ToString() => Pattern;
}
