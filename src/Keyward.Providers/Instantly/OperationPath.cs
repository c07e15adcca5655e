namespace Keyward.Providers.Instantly;

/// <summary>A parsed path template such as <c>/api/v2/campaigns/{id}/activate</c>, matched segment by segment.</summary>
internal sealed class OperationPath
{
    private readonly string[] _segments;
    private readonly bool[] _isParameter;

    private OperationPath(string template, string[] segments)
    {
        Template = template;
        _segments = segments;
        _isParameter = segments.Select(IsPlaceholder).ToArray();
    }

    public string Template { get; }

    public int SegmentCount => _segments.Length;

    public static OperationPath Parse(string template) => new(template, Split(template));

    /// <summary>
    /// Splits a path into segments, ignoring a trailing slash (the spec writes <c>POST /supersearch-enrichment/</c>).
    /// </summary>
    public static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// A placeholder such as <c>{id}</c> in a template, or in a path written with a placeholder by a person or by
    /// source code (<c>{id}</c>, <c>${id}</c>, <c>:id</c>, <c>%s</c>).
    /// </summary>
    public static bool IsPlaceholder(string segment) =>
        segment.Length > 0 && (segment[0] is '{' or ':' || segment.StartsWith("${", StringComparison.Ordinal) || segment is "%s" or "%d" or "%v");

    /// <summary>
    /// Matches concrete segments. A placeholder in the input matches only a template parameter; a literal matches
    /// either. Returns the literal mask (higher is more specific) so <c>/campaigns/analytics</c> beats
    /// <c>/campaigns/{id}</c>, or -1 when the path does not match.
    /// </summary>
    public long Match(IReadOnlyList<string> segments)
    {
        if (segments.Count != _segments.Length)
        {
            return -1;
        }

        long specificity = 0;
        for (var i = 0; i < _segments.Length; i++)
        {
            specificity <<= 1;
            if (_isParameter[i])
            {
                continue;
            }

            if (IsPlaceholder(segments[i]) || !string.Equals(segments[i], _segments[i], StringComparison.Ordinal))
            {
                return -1;
            }

            specificity |= 1;
        }

        return specificity;
    }
}
