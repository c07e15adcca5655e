using System.Text.RegularExpressions;
using Keyward.Core;
using Keyward.Scanning.Detection;
using Keyward.Scanning.Rules;
using Keyward.Tests.Shared;

namespace Keyward.Scanning.Tests.Rules;

public partial class RuleSetTests
{
    private const string FixtureMarker = "keyward:allow";

    public static TheoryData<string> RuleIds => [.. RuleSet.Default.Rules.Select(r => r.Id)];

    [Fact]
    public void Default_HasAtLeast35RulesWithUniqueKebabCaseIds()
    {
        var rules = RuleSet.Default.Rules;

        Assert.True(rules.Count >= 35, $"{rules.Count} rules");
        Assert.Equal(rules.Count, rules.Select(r => r.Id).Distinct().Count());
        Assert.All(rules, r => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", r.Id));
    }

    [Fact]
    public void Default_CoversTheVendorsAndCommonCompanions()
    {
        var ids = RuleSet.Default.Rules.Select(r => r.Id).ToHashSet();

        Assert.Contains("instantly-api-key", ids);
        Assert.Contains("instantly-api-key-decoded", ids);
        Assert.Contains("salesloft-api-key", ids);
        Assert.Equal("generic-api-key", RuleSet.Default.Rules[^1].Id);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Samples_EveryPositiveIsFoundAndEveryNegativeIsNot(string id)
    {
        var rule = RuleSet.Default.Rules.Single(r => r.Id == id);
        var detector = new Detector(RuleSet.Default.Only(rule));
        Assert.True(rule.Samples.Positive.Count >= 1, $"{id} has no positive sample");
        Assert.True(rule.Samples.Negative.Count >= 1, $"{id} has no negative sample");

        foreach (var sample in rule.Samples.Positive)
        {
            Assert.Contains(FixtureMarker, sample, StringComparison.Ordinal);
            var line = sample.Replace(FixtureMarker, string.Empty, StringComparison.Ordinal);
            var findings = detector.Detect(new Fragment("sample.txt", line)).Findings;
            Assert.True(findings.Any(f => f.RuleId == id), $"{id} missed its positive sample: {line}");
        }

        foreach (var sample in rule.Samples.Negative)
        {
            Assert.DoesNotContain(FixtureMarker, sample, StringComparison.Ordinal);
            var findings = detector.Detect(new Fragment("sample.txt", sample)).Findings;
            Assert.False(findings.Any(f => f.RuleId == id), $"{id} flagged its negative sample: {sample}");
        }
    }

    [Fact]
    public void Default_IsExactlyWhatTheYamlParserReadsFromRulesYaml()
    {
        // The built-in set is generated from rules.yaml at build time; this holds the generator to the parser.
        var parsed = RuleSet.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "Keyward.Scanning", "Rules", "rules.yaml")), "rules.yaml");

        Assert.Equal(Describe(parsed), Describe(RuleSet.Default));

        static string[] Describe(RuleSet set) =>
        [
            string.Join('\n', set.Allowlist),
            .. set.Rules.Select(r => string.Join(
                '\u001f',
                [r.Id, r.Description, r.Severity.ToString(), string.Join(',', r.Keywords), r.Scope.ToString(), r.Regex.ToString(), r.Regex.Options.ToString(),
                    r.Entropy?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "-", r.Validator ?? "-", r.Verify ?? "-",
                    string.Join('\n', r.Allowlist), string.Join('\n', r.IgnorePaths), string.Join('\n', r.Samples.Positive), string.Join('\n', r.Samples.Negative)])),
        ];
    }

    [Fact]
    public void Samples_PositivesCarryTheFixtureMarkerSoTheRuleFileScansClean()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "Keyward.Scanning", "Rules", "rules.yaml"));

        var result = new Detector(RuleSet.Default).Detect(new Fragment("rules.yaml", text));

        Assert.Empty(result.Findings);
    }

    [Fact]
    public void RulesDoc_ListsEveryRuleInOrder()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "rules.md"));
        var listed = TableIdRegex().Matches(doc).Select(m => m.Groups["id"].Value).ToArray();

        Assert.Equal(RuleSet.Default.Rules.Select(r => r.Id), listed.Where(id => RuleSet.Default.Rules.Any(r => r.Id == id)));
        Assert.All(RuleSet.Default.Rules, r => Assert.Contains(r.Id, listed));
    }

    [Theory]
    [InlineData("rules: []", "no rules")]
    [InlineData("rules:\n  - id: Bad_Id\n    severity: high\n    regex: '(?<secret>x)'", "kebab-case")]
    [InlineData("rules:\n  - id: acme-token\n    severity: high\n    regex: 'acme_[0-9]+'", "(?<secret>")]
    [InlineData("rules:\n  - id: acme-token\n    severity: severe\n    regex: '(?<secret>x)'", "severity 'severe'")]
    [InlineData("rules:\n  - id: acme-token\n    severity: high\n    regex: '(?<secret>[x'", "invalid regex")]
    [InlineData("rules:\n  - id: acme-token\n    severity: high\n    regex: '(?<secret>x)'\n    validator: luhn", "unknown validator")]
    [InlineData("rules:\n  - id: acme-token\n    severity: high\n    regex: '(?<secret>x)'\n    scope: lines", "scope 'lines'")]
    [InlineData("rules:\n  - id: acme-token\n    severity: high\n    regex: '(?<secret>x)'\n    scope: keyword-lines", "keyword-lines needs keywords")]
    [InlineData("rules:\n  - id: a\n    severity: high\n    regex: '(?<secret>x)'\n  - id: a\n    severity: low\n    regex: '(?<secret>y)'", "appears twice")]
    [InlineData("rules:\n  - id: acme-token\n    severity: high\n    regex: '(?<secret>x)'\n    colour: red", "line 5: unknown key 'colour' in a rule; known: id, description,")]
    [InlineData("colour: red\nrules: []", "line 1: unknown key 'colour' at the top level; known: allowlist, rules")]
    [InlineData("rules:\n  - id: acme-token\n    samples:\n      positive: [a]\n      maybe: [b]", "line 5: unknown key 'maybe' in samples; known: positive, negative")]
    [InlineData("- id: acme-token", "line 1: expected a mapping with the keys allowlist, rules")]
    [InlineData("rules:\n  - acme-token", "line 2: expected a mapping with the keys id, description,")]
    [InlineData("rules:\n  -\n", "line 2: expected a mapping with the keys id, description,")]
    [InlineData("rules: acme-token", "line 1: 'rules' must be a list")]
    [InlineData("rules:\n  - id: acme-token\n    keywords: acme", "line 3: 'keywords' must be a list")]
    [InlineData("rules:\n  - id: acme-token\n    keywords: [acme, ~]", "line 3: 'keywords' must be a list of text values, not null")]
    [InlineData("rules:\n  - id: [acme, token]", "line 2: 'id' must be text, not a list or mapping")]
    [InlineData("rules:\n  - id: acme-token\n    entropy: high", "line 3: 'entropy' must be a number, not 'high'")]
    [InlineData("rules:\n  - id: acme-token\n    severity: high\n    severity: low", "line 4: Duplicate key severity")]
    [InlineData("rules:\n  - id: acme-token\n    description: !secret x", "line 3: tag '!secret' is not supported")]
    [InlineData("rules: []\n---\nrules: []", "line 3: a rules file is a single YAML document")]
    [InlineData("rules:\n  - id: 'acme", "line 2: While scanning a quoted scalar")]
    public void Parse_Malformed_NamesTheProblem(string yaml, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => RuleSet.Parse(yaml, "custom.yaml"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("custom.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NullValues_AreAsIfLeftOut_AndAnchorsResolve()
    {
        var set = RuleSet.Parse(
            """
            allowlist:
            rules:
              - id: acme-token
                description: ~
                severity: &severity high
                keywords:
                regex: '(?<secret>acme_[0-9]{8})'
                entropy: 1_0e-1
                ignore-paths: null
                samples:
              - id: acme-other
                severity: *severity
                regex: '(?<secret>other_[0-9]{8})'
            """,
            "custom.yaml");

        var rule = set.Rules[0];
        Assert.Empty(set.Allowlist);
        Assert.Equal("acme-token", rule.Description);
        Assert.Empty(rule.Keywords);
        Assert.Equal(1.0, rule.Entropy);
        Assert.Empty(rule.IgnorePaths);
        Assert.Empty(rule.Samples.Positive);
        Assert.Equal(Severity.High, set.Rules[1].Severity);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => RuleSet.Load("/nonexistent/rules.yaml"));
    }

    [GeneratedRegex(@"^\|\s*`?(?<id>[a-z0-9]+(?:-[a-z0-9]+)*)`?\s*\|", RegexOptions.Multiline)]
    private static partial Regex TableIdRegex();
}
