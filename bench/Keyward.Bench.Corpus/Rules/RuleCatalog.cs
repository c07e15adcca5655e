using Keyward.Scanning;
using Keyward.Scanning.Detection;
using Keyward.Scanning.Rules;

namespace Keyward.Bench.Corpus.Rules;

/// <summary>The keyward rules file, loaded by the scanner's own <see cref="RuleSet"/>, so planted lines are checked
/// by the real detector before they are written.</summary>
internal sealed class RuleCatalog
{
    /// <summary>The marker that stops keyward reporting a line; positive samples carry it and plants must not.</summary>
    public const string AllowMarker = "# keyward:allow";

    private readonly RuleSet _rules;

    private RuleCatalog(RuleSet rules)
    {
        _rules = rules;
        Rules = rules.Rules.Select(r => new CorpusRule(r)).ToArray();
    }

    public IReadOnlyList<CorpusRule> Rules { get; }

    public static RuleCatalog Load(string path) => new(RuleSet.Load(path));

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

    /// <summary>Runs the rule alone on a line, as keyward's detector does, and returns the secrets it reports.</summary>
    public IEnumerable<string> Detect(CorpusRule rule, string line) =>
        new Detector(_rules.Only(rule.Rule)).Detect(new Fragment("plant.txt", line)).Findings
            .Where(f => f.Secret is not null)
            .Select(f => f.Secret!.Reveal());

    public static bool IsIgnoredPath(CorpusRule rule, string path) => rule.Rule.IgnorePaths.Any(g => g.IsMatch(path));
}
