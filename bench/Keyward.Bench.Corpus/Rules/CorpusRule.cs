using System.Text.RegularExpressions;

namespace Keyward.Bench.Corpus.Rules;

/// <summary>What the generator needs of one keyward rule: its regex, filters and positive samples.</summary>
internal sealed record CorpusRule(
    string Id,
    Regex Regex,
    double? Entropy,
    IReadOnlyList<Regex> Allowlist,
    IReadOnlyList<Regex> IgnorePaths,
    IReadOnlyList<string> PositiveSamples);
