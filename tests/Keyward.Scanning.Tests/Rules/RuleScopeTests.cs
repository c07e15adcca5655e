using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Keyward.Scanning.Detection;
using Keyward.Scanning.Rules;
using Keyward.Tests.Shared;

namespace Keyward.Scanning.Tests.Rules;

public partial class RuleScopeTests
{
    private static readonly string RulesYaml = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "Keyward.Scanning", "Rules", "rules.yaml"));

    /// <summary>The built-in rules, and the same rules with every regex run on the whole text.</summary>
    private static readonly (Detector Scoped, Detector Whole) BuiltIn =
        (new Detector(RuleSet.Default), new Detector(RuleSet.Parse(ScopeLineRegex().Replace(RulesYaml, string.Empty), "rules.yaml without scopes")));

    /// <summary>Pieces of the text the narrowed rules care about: their keywords in any case, assignments, base64 with and
    /// without padding, both base64 alphabets, and line breaks in between.</summary>
    private static readonly Arbitrary<string> Soup =
        Gen.Elements(
                "api_key", "API_KEY", "secret", "Token", "password", "passwd", "credential", "next_page_token", "cache_key",
                " = ", ": ", "=", "\"", "'", " ", "\t", "\n", "\r\n", ".", "-", "_", "+", "/", "==", "=",
                "Zm9vYmFyYmF6cXV4", "A1b2C3d4E5f6G7h8I9j0KlMnOpQr", "c2VjcmV0LXZhbHVlLTEyMw", "Xy9-_Zz",
                "ZjFlNGI1YzAtOWM3ZC00ZWE1LWI1ZTEtM2I2YTdmMmQ4YzkxOmFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eA") // keyward:allow (fake)
            .ListOf()
            .Select(parts => string.Concat(parts))
            .ToArbitrary();

    [Fact]
    public void BuiltInScopes_FindExactlyWhatTheWholeTextFinds()
    {
        Assert.Contains(RuleSet.Default.Rules, r => r.Scope == RuleScope.KeywordLines);
        Assert.Contains(RuleSet.Default.Rules, r => r.Scope == RuleScope.Base64Runs);
        Assert.DoesNotContain(BuiltIn.Whole.Rules.Rules, r => r.Scope != RuleScope.Text);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Soup, text =>
            Describe(BuiltIn.Scoped, text).SequenceEqual(Describe(BuiltIn.Whole, text))));
    }

    [Fact]
    public void BuiltInScopes_FindExactlyWhatTheWholeTextFindsInEverySample()
    {
        var samples = RuleSet.Default.Rules.SelectMany(r => r.Samples.Positive.Concat(r.Samples.Negative)).ToArray();
        var text = string.Join('\n', samples).Replace("keyward:allow", string.Empty, StringComparison.Ordinal);

        Assert.NotEmpty(Describe(BuiltIn.Whole, text));
        Assert.Equal(Describe(BuiltIn.Whole, text), Describe(BuiltIn.Scoped, text));
    }

    private static string[] Describe(Detector detector, string text) =>
        [.. detector.Detect(new Fragment("f", text)).Findings.Select(f => $"{f.RuleId} {f.Line}:{f.Column} {f.Secret!.Reveal()}")];

    [GeneratedRegex(@"^ *scope: .*\n", RegexOptions.Multiline)]
    private static partial Regex ScopeLineRegex();
}
