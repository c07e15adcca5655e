using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Keyward.Bench.Corpus.Rules;

/// <summary>The keyward rules file, read with the same regex options as the scanner, so planted lines can be
/// checked against the rule before they are written.</summary>
internal sealed class RuleCatalog
{
    /// <summary>The marker that stops keyward reporting a line; positive samples carry it and plants must not.</summary>
    public const string AllowMarker = "# keyward:allow";

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private RuleCatalog(IReadOnlyList<CorpusRule> rules, IReadOnlyList<Regex> allowlist)
    {
        Rules = rules;
        Allowlist = allowlist;
    }

    public IReadOnlyList<CorpusRule> Rules { get; }

    public IReadOnlyList<Regex> Allowlist { get; }

    public static RuleCatalog Load(string path)
    {
        var file = new DeserializerBuilder()
            .WithNamingConvention(HyphenatedNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build()
            .Deserialize<RuleFile>(File.ReadAllText(path)) ?? new RuleFile();
        if (file.Rules.Count == 0)
        {
            throw new InvalidDataException($"{path}: no rules");
        }

        var rules = file.Rules.Select(r => new CorpusRule(
            r.Id ?? throw new InvalidDataException($"{path}: a rule has no id"),
            new Regex(r.Regex ?? throw new InvalidDataException($"{path}: rule {r.Id} has no regex"), Options, Timeout),
            r.Entropy,
            r.Allowlist.Select(a => new Regex(a, Options, Timeout)).ToArray(),
            r.IgnorePaths.Select(GlobToRegex).ToArray(),
            r.Samples.Positive)).ToArray();
        return new RuleCatalog(rules, file.Allowlist.Select(a => new Regex(a, Options, Timeout)).ToArray());
    }

    /// <summary>Whether the rule plants secrets: hygiene rules have none and the generic rule has no shape of its own.</summary>
    public static bool IsPlantable(CorpusRule rule) =>
        rule.Id != "generic-api-key" && !rule.Id.StartsWith("hygiene-", StringComparison.Ordinal);

    /// <summary>Strips the inline-allow marker (and the comment opener before it) from every line of a sample.</summary>
    public static string StripMarker(string sample) => string.Join('\n', sample.Split('\n').Select(StripLine));

    private static string StripLine(string line)
    {
        var at = line.IndexOf(AllowMarker, StringComparison.Ordinal);
        if (at < 0)
        {
            at = line.IndexOf("keyward:allow", StringComparison.Ordinal);
            if (at < 0)
            {
                return line.TrimEnd();
            }

            // "// keyward:allow" or "<!-- keyward:allow -->": drop the comment opener too.
            var before = line[..at].TrimEnd();
            foreach (var opener in new[] { "//", "#", "<!--", "--", ";" })
            {
                if (before.EndsWith(opener, StringComparison.Ordinal))
                {
                    before = before[..^opener.Length];
                    break;
                }
            }

            return before.TrimEnd();
        }

        return line[..at].TrimEnd();
    }

    /// <summary>Runs the rule on a line as keyward would (regex, entropy, allowlists) and returns the secrets it reports.</summary>
    public IEnumerable<string> Detect(CorpusRule rule, string line)
    {
        foreach (Match match in rule.Regex.Matches(line))
        {
            var group = match.Groups["secret"];
            if (group.Success && group.Length > 0 && Accepts(rule, group.Value))
            {
                yield return group.Value;
            }
        }
    }

    public static bool IsIgnoredPath(CorpusRule rule, string path) => rule.IgnorePaths.Any(g => g.IsMatch(path));

    private static double Shannon(string s)
    {
        var counts = new Dictionary<char, int>();
        foreach (var c in s)
        {
            counts[c] = counts.GetValueOrDefault(c) + 1;
        }

        var entropy = 0.0;
        foreach (var count in counts.Values)
        {
            var p = (double)count / s.Length;
            entropy -= p * Math.Log2(p);
        }

        return entropy;
    }

    // Same semantics as keyward's PathGlob: '*', '?', '**', and a pattern without '/' matches the name anywhere.
    private static Regex GlobToRegex(string pattern)
    {
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

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    private bool Accepts(CorpusRule rule, string secret) =>
        (rule.Entropy is not { } floor || Shannon(secret) >= floor)
        && !Allowlist.Any(a => a.IsMatch(secret))
        && !rule.Allowlist.Any(a => a.IsMatch(secret));

    // YAML shapes: only the keys the generator reads; the rest is ignored.
    private sealed class RuleFile
    {
        public List<string> Allowlist { get; set; } = [];

        public List<RuleDefinition> Rules { get; set; } = [];
    }

    private sealed class RuleDefinition
    {
        public string? Id { get; set; }

        public string? Regex { get; set; }

        public double? Entropy { get; set; }

        public List<string> Allowlist { get; set; } = [];

        public List<string> IgnorePaths { get; set; } = [];

        public SampleDefinition Samples { get; set; } = new();
    }

    private sealed class SampleDefinition
    {
        public List<string> Positive { get; set; } = [];

        public List<string> Negative { get; set; } = [];
    }
}
