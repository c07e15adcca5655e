using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Keyward.Scanning.Detection;
using Keyward.Tests.Shared;

namespace Keyward.Scanning.Tests.Detection;

public class DetectorTests
{
    private static readonly Detector Detector = new(TestRules.Set);

    [Fact]
    public void Detect_TokenInText_ReportsRuleLineColumnAndRedactedSecret()
    {
        var token = "acme_" + Some.AlphanumericString(20);

        var result = Detector.Detect(new Fragment("src/app.cs", $"line one\n  var t = \"{token}\";\n"));

        var finding = Assert.Single(result.Findings);
        Assert.Equal(("acme-token", 2, 12), (finding.RuleId, finding.Line, finding.Column));
        Assert.Equal(token, finding.Secret!.Reveal());
        Assert.DoesNotContain(token, finding.Secret.ToString(), StringComparison.Ordinal);
        Assert.Equal($"{token[..4]}...(25 chars)", finding.Secret.Preview);
    }

    [Fact]
    public void Detect_KeywordAbsent_RegexDoesNotRun()
    {
        // The assignment regex would match, but its keyword (acme_secret) is not in the text in any case.
        var result = Detector.Detect(new Fragment("a", "OTHER_SECRET = " + Some.AlphanumericString(20)));

        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Detect_KeywordIsCaseInsensitive()
    {
        var result = Detector.Detect(new Fragment("a", "ACME_SECRET = " + Some.AlphanumericString(20)));

        Assert.Equal("acme-assignment", Assert.Single(result.Findings).RuleId);
    }

    [Theory]
    [InlineData("ACME_SECRET = aaaaaaaaaaaaaaaa")]
    [InlineData("ACME_SECRET = replace_me_please")]
    [InlineData("ACME_SECRET = your_acme_secret_here")]
    public void Detect_LowEntropyOrPlaceholder_IsNotReported(string line)
    {
        Assert.Empty(Detector.Detect(new Fragment("a", line)).Findings);
    }

    [Fact]
    public void Detect_InlineAllowComment_SuppressesOnlyThatLine()
    {
        var text = $"x = acme_{Some.AlphanumericString(20)} # keyward:allow\ny = acme_{Some.AlphanumericString(20)}\n";

        var result = Detector.Detect(new Fragment("a", text));

        Assert.Equal(2, Assert.Single(result.Findings).Line);
        Assert.Equal(1, result.InlineAllowed);
    }

    [Fact]
    public void Detect_TwoRulesOnOneSecret_EarlierRuleWins()
    {
        var token = "acme_" + Some.AlphanumericString(20);

        var result = Detector.Detect(new Fragment("a", $"ACME_SECRET={token}"));

        Assert.Equal("acme-token", Assert.Single(result.Findings).RuleId);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(8)]
    [InlineData(32)]
    [InlineData(64)]
    public void Detect_InstantlyKeyOfAnySecretLength_IsFoundByDecodingItsStructure(int secretLength)
    {
        var key = Some.InstantlyKey(secretLength);

        var result = Detector.Detect(new Fragment(".env", $"INSTANTLY_KEY={key}\n"));

        var finding = Assert.Single(result.Findings);
        Assert.Equal("instantly-api-key", finding.RuleId);
        Assert.Equal(key, finding.Secret!.Reveal());
    }

    [Fact]
    public void Detect_RandomBase64OfKeyLength_IsNotAnInstantlyKey()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 49).ToArbitrary(), bytes =>
            Detector.Detect(new Fragment("a", Convert.ToBase64String(bytes))).Findings.Count == 0));
    }

    [Theory]
    [InlineData("base64")]
    [InlineData("hex")]
    [InlineData("percent")]
    public void Detect_EncodedSecret_IsDecodedAndReportedAtTheEncodedText(string encoding)
    {
        // The assignment only matches once decoded: '=' and the quotes are encoded away in every form.
        var value = Some.AlphanumericString(20);
        var plain = $"ACME_SECRET={value}&mode=live";
        var encoded = encoding switch
        {
            "base64" => Convert.ToBase64String(Encoding.UTF8.GetBytes(plain)),
            "hex" => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(plain)),
            _ => Uri.EscapeDataString(plain),
        };

        var result = Detector.Detect(new Fragment("a", $"first\nconfig: {encoded}\n"));

        var finding = Assert.Single(result.Findings);
        Assert.Equal(("acme-assignment", 2, 9, encoding), (finding.RuleId, finding.Line, finding.Column, finding.Encoding));
        Assert.Equal(value, finding.Secret!.Reveal());
    }

    [Fact]
    public void Detect_SecretVisibleInsideEncodedText_IsReportedOnce()
    {
        var token = "acme_" + Some.AlphanumericString(20);

        var result = Detector.Detect(new Fragment("a", Uri.EscapeDataString($"{{\"token\": \"{token}\"}}")));

        Assert.Null(Assert.Single(result.Findings).Encoding);
    }

    [Fact]
    public void Detect_DoublyEncodedSecret_IsFoundWithinTheDepthLimit()
    {
        var token = "acme_" + Some.AlphanumericString(20);
        var twice = Convert.ToBase64String(Encoding.UTF8.GetBytes(Convert.ToHexStringLower(Encoding.UTF8.GetBytes("token=" + token))));

        var found = Detector.Detect(new Fragment("a", twice));
        var shallow = new Detector(Detector.Rules, new DetectorOptions { MaxDecodeDepth = 1 }).Detect(new Fragment("a", twice));

        Assert.Equal("base64>hex", Assert.Single(found.Findings).Encoding);
        Assert.Empty(shallow.Findings);
    }

    [Fact]
    public void Fingerprint_IsStableWhenLinesMove_AndDiffersPerPathAndSecret()
    {
        var token = "acme_" + Some.AlphanumericString(20);

        var first = Assert.Single(Detector.Detect(new Fragment("a.cs", token)).Findings);
        var moved = Assert.Single(Detector.Detect(new Fragment("a.cs", "\n\n\n   " + token)).Findings);
        var otherFile = Assert.Single(Detector.Detect(new Fragment("b.cs", token)).Findings);

        Assert.Equal(first.Fingerprint, moved.Fingerprint);
        Assert.NotEqual(first.Fingerprint, otherFile.Fingerprint);
        Assert.DoesNotContain(token, first.Fingerprint, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_PlantedTokenAnywhere_IsFoundAtItsExactPosition()
    {
        var gen =
            from prefix in Gen.Elements("", "x", " = ", "\t\"", "// ").ListOf()
            from lines in Gen.Choose(0, 20)
            select (prefix: string.Concat(prefix), lines);
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var token = "acme_" + Some.AlphanumericString(20);
            var text = string.Concat(Enumerable.Repeat("filler line\n", t.lines)) + t.prefix + token + "\ntrailer";
            var finding = Detector.Detect(new Fragment("p", text)).Findings.Single();
            return finding.Line == t.lines + 1 && finding.Column == t.prefix.Length + 1 && finding.Secret!.Reveal() == token;
        }));
    }

    [Fact]
    public void Detect_ChangedRegions_ReportsOnlyWhatIsInsideThemAtItsPlaceInTheWholeText()
    {
        var (before, inside) = (TestRules.Token(), TestRules.Token());
        var text = $"a = {before}\nfiller\nb = {inside}\nlast\n";
        var start = text.IndexOf("b = ", StringComparison.Ordinal);

        var findings = Detector.Detect(new Fragment("p", text) { ChangedRegions = [new TextRegion(start, text.Length - start)] }).Findings;
        var nothing = Detector.Detect(new Fragment("p", text) { ChangedRegions = [] }).Findings;

        var finding = Assert.Single(findings);
        Assert.Equal((inside, 3, 5), (finding.Secret!.Reveal(), finding.Line, finding.Column));
        Assert.Empty(nothing);
    }

    [Fact]
    public void Detect_DecodingBudgetUsedUp_WarnsOnceAndStillScansThePlainText()
    {
        var token = TestRules.Token();
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("nothing secret in this encoded line at all"));
        var text = string.Concat(Enumerable.Repeat($"{encoded}\n{new string('-', 2000)}\n", 3)) + $"t = {token}\n";
        var regions = new List<TextRegion>();
        for (var start = 0; start < text.Length; start = text.IndexOf('\n', start) + 1)
        {
            var length = text.IndexOf('\n', start) - start;
            if (text[start] != '-')
            {
                regions.Add(new TextRegion(start, length));
            }
        }

        var detector = new Detector(TestRules.Set, new DetectorOptions { MaxDecodedPerFragment = 10 });

        var whole = detector.Detect(new Fragment("p", text));
        var changed = detector.Detect(new Fragment("p", text) { ChangedRegions = regions });

        Assert.Equal(token, Assert.Single(whole.Findings).Secret!.Reveal());
        Assert.Equal(token, Assert.Single(changed.Findings).Secret!.Reveal());
        Assert.Contains("decoding budget used up", Assert.Single(whole.Warnings), StringComparison.Ordinal);
        Assert.Contains("decoding budget used up", Assert.Single(changed.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_ArbitraryText_NeverThrows()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(ArbMap.Default.ArbFor<NonNull<string>>(), text =>
            Detector.Detect(new Fragment("p", text.Get)) is not null));
    }
}
