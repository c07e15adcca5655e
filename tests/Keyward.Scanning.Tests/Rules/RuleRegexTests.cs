using System.Text.RegularExpressions;
using Keyward.Scanning.Detection;
using Keyward.Scanning.Rules;

namespace Keyward.Scanning.Tests.Rules;

public class RuleRegexTests
{
    [Fact]
    public void BuiltInRules_RunRegexesCompiledAtBuildTime()
    {
        // A rule whose pattern the build step missed would silently fall back to run-time compilation.
        Assert.All(RuleSet.Default.Rules, r => Assert.True(r.Matcher.IsBuiltIn, $"{r.Id} has no build-time regex"));
        Assert.All(RuleSet.Default.Rules, r => Assert.Equal(RuleSet.Options, r.Regex.Options));
        Assert.All(RuleSet.Default.Rules, r => Assert.Equal(RuleSet.MatchTimeout, r.Regex.MatchTimeout));
    }

    [Fact]
    public void CustomPattern_StartsInterpretedAndCompilesOnceHot()
    {
        var regex = RuleRegex.Create("(?<secret>acme_[0-9]{8})");

        Assert.False(regex.IsBuiltIn);
        Assert.False(regex.For(100).Options.HasFlag(RegexOptions.Compiled));
        var hot = regex.For((int)RuleRegex.CompileThreshold);
        Assert.True(hot.Options.HasFlag(RegexOptions.Compiled));
        Assert.Equal("acme_12345678", hot.Match("token acme_12345678").Groups["secret"].Value);
    }

    [Fact]
    public void CustomRulesFile_ReusingABuiltInPattern_GetsTheBuildTimeRegexAndFinds()
    {
        var builtIn = RuleSet.Default.Rules.Single(r => r.Id == "salesloft-api-key");
        var yaml = $"rules:\n  - id: acme-salesloft\n    severity: high\n    regex: '{builtIn.Regex.ToString().Replace("'", "''", StringComparison.Ordinal)}'\n";

        var custom = RuleSet.Parse(yaml, "custom.yaml").Rules.Single();
        var sample = "key = ak_" + new string('a', 32) + new string('7', 32);

        Assert.True(custom.Matcher.IsBuiltIn);
        Assert.Single(new Detector(RuleSet.Parse(yaml, "custom.yaml")).Detect(new Fragment("x.env", sample)).Findings);
    }

    [Fact]
    public void ShippedDocumentationFile_ScansClean()
    {
        // The regex generator documents each rule's literals; the build strips that from Keyward.Scanning.xml.
        var documentation = Path.ChangeExtension(typeof(RuleSet).Assembly.Location, ".xml");
        var text = File.ReadAllText(documentation);

        var findings = new Detector(RuleSet.Default).Detect(new Fragment("Keyward.Scanning.xml", text)).Findings;

        Assert.Empty(findings);
        Assert.DoesNotContain("BuiltInRegexes.Rule", text, StringComparison.Ordinal);
        Assert.Contains("T:Keyward.Scanning.Rules.RuleSet", text, StringComparison.Ordinal);
    }
}
