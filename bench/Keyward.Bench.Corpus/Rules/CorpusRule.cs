using Keyward.Scanning.Rules;

namespace Keyward.Bench.Corpus.Rules;

/// <summary>What the generator needs of one keyward rule: its id and positive samples.</summary>
/// <param name="Rule">The scanner's rule.</param>
internal sealed record CorpusRule(Rule Rule)
{
    public string Id => Rule.Id;

    public IReadOnlyList<string> PositiveSamples => Rule.Samples.Positive;
}
