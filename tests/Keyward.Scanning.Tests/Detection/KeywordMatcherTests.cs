using FsCheck;
using FsCheck.Fluent;
using Keyward.Scanning.Detection;
using Keyward.Scanning.Rules;

namespace Keyward.Scanning.Tests.Detection;

public class KeywordMatcherTests
{
    private static readonly string[] Keywords = [.. RuleSet.Default.Rules.SelectMany(r => r.Keywords).Distinct(StringComparer.Ordinal)];

    private static readonly KeywordMatcher Matcher = new(Keywords);

    /// <summary>Text built from pieces of the keywords, in random case, with filler: near-misses and overlaps.</summary>
    private static readonly Arbitrary<string> KeywordSoup =
        Gen.OneOf(
                Gen.Elements(Keywords).SelectMany(k => Gen.Choose(1, k.Length).Select(n => k[..n])),
                Gen.Elements(" ", "\n", "_", "-", "x", "é", "Q~", "SK"))
            .ListOf()
            .SelectMany(parts => Gen.ListOf(Gen.Elements(true, false), parts.Count).Select(upper =>
                string.Concat(parts.Select((p, i) => upper[i] ? p.ToUpperInvariant() : p))))
            .ToArbitrary();

    [Fact]
    public void Find_MarksExactlyTheKeywordsTheTextContains_IgnoringCase()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(KeywordSoup, text =>
        {
            var present = Matcher.Find(text);
            return Keywords.Select((k, i) => present[i] == text.Contains(k, StringComparison.OrdinalIgnoreCase)).All(same => same);
        }));
    }

    [Fact]
    public void Find_TwoCharacterKeywords_AreFoundInAnyCase()
    {
        var shortOnes = Keywords.Where(k => k.Length == 2).ToArray();
        Assert.NotEmpty(shortOnes);

        foreach (var keyword in shortOnes)
        {
            var present = Matcher.Find("prefix " + keyword.ToUpperInvariant() + " suffix");
            Assert.True(present[Array.IndexOf(Keywords, keyword)], keyword);
        }
    }
}
