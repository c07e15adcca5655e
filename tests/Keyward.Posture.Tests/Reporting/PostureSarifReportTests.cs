using System.Text.Json;
using Keyward.Core;
using Keyward.Posture.Reporting;
using Keyward.Tests.Shared;

namespace Keyward.Posture.Tests.Reporting;

public class PostureSarifReportTests
{
    [Fact]
    public void Write_Sample_IsValidAgainstTheOfficialSchema()
    {
        AssertValid(Render(SampleReports.Full()));
    }

    [Fact]
    public void Write_WithFallbackArtifact_IsValidToo()
    {
        AssertValid(Render(SampleReports.Full(), "keyward.yaml"));
    }

    [Fact]
    public void Write_NoResults_IsValid()
    {
        AssertValid(Render(new PostureReport("repository .", "dev", SampleReports.GeneratedAt, [], [])));
    }

    [Fact]
    public void Write_Sample_OneRulePerCheckAndOneResultPerFailedCheck()
    {
        using var sarif = JsonDocument.Parse(Render(SampleReports.Full()));

        var run = sarif.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToArray();
        Assert.Equal(Enumerable.Range(1, 11).Select(i => $"KW{i:000}"), rules.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal("Scopes fit the environment's policy", rules[3].GetProperty("shortDescription").GetProperty("text").GetString());
        Assert.Equal("ScopesFitTheEnvironmentsPolicy", rules[3].GetProperty("name").GetString());
        Assert.Contains("docs/checks.md", rules[6].GetProperty("help").GetProperty("text").GetString(), StringComparison.Ordinal);
        var results = run.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(["KW001", "KW002", "KW004", "KW005", "KW006", "KW010"], results.Select(r => r.GetProperty("ruleId").GetString()));
        Assert.All(results, r => Assert.Equal(r.GetProperty("ruleId").GetString(), rules[r.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("KW001", "error")]
    [InlineData("KW002", "error")]
    [InlineData("KW005", "warning")]
    [InlineData("KW010", "note")]
    public void Write_Level_FollowsSeverity(string id, string level)
    {
        Assert.Equal(level, Result(Render(SampleReports.Full()), id).GetProperty("level").GetString());
    }

    [Fact]
    public void Write_InfoSeverity_IsANote()
    {
        var report = new PostureReport("t", "dev", SampleReports.GeneratedAt, [new("KW009", "Members", Severity.Info, CheckStatus.Fail, "s", [], "f")], []);

        Assert.Equal("note", Result(Render(report), "KW009").GetProperty("level").GetString());
    }

    [Fact]
    public void Write_FailedCheck_MessageHasSummaryEvidenceAndFix()
    {
        var result = Result(Render(SampleReports.Full()), "KW006");

        var message = result.GetProperty("message").GetProperty("text").GetString();
        Assert.Equal(
            "2 keys older than 90 days.\n- key prod-sender (key-01) is 120 days old\n- key zapier-sync (key-03) is 95 days old\nFix: Rotate each without downtime: keyward keys rotate --secret REF; keyward keys due lists them.",
            message);
        Assert.StartsWith("Rotate each without downtime", result.GetProperty("properties").GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Equal("KW006:production", result.GetProperty("partialFingerprints").GetProperty("keywardCheck/v1").GetString());
    }

    [Fact]
    public void Write_HardcodedKeyEvidence_BecomesPhysicalLocationsWithLines()
    {
        var locations = Result(Render(SampleReports.Full()), "KW001").GetProperty("locations").EnumerateArray()
            .Select(l => l.GetProperty("physicalLocation"))
            .Select(p => (p.GetProperty("artifactLocation").GetProperty("uri").GetString(), p.GetProperty("region").GetProperty("startLine").GetInt32()))
            .ToArray();

        Assert.Equal([("src/send.js", 12), ("config/old%20settings.json", 3)], locations);
    }

    [Fact]
    public void Write_HygieneEvidence_BecomesPhysicalLocationsWithoutRegion()
    {
        var locations = Result(Render(SampleReports.Full()), "KW002").GetProperty("locations").EnumerateArray().Select(l => l.GetProperty("physicalLocation")).ToArray();

        Assert.Equal([".gitignore", "deploy/.env"], locations.Select(p => p.GetProperty("artifactLocation").GetProperty("uri").GetString()));
        Assert.All(locations, p => Assert.False(p.TryGetProperty("region", out _)));
    }

    [Fact]
    public void Write_WorkspaceCheck_HasALogicalLocationNamingTheTarget()
    {
        var location = Assert.Single(Result(Render(SampleReports.Full()), "KW004").GetProperty("locations").EnumerateArray());

        Assert.False(location.TryGetProperty("physicalLocation", out _));
        var logical = Assert.Single(location.GetProperty("logicalLocations").EnumerateArray());
        Assert.Equal(SampleReports.Target, logical.GetProperty("name").GetString());
    }

    [Fact]
    public void Write_WithFallbackArtifact_EveryResultHasAPhysicalLocation()
    {
        using var sarif = JsonDocument.Parse(Render(SampleReports.Full(), "keyward.yaml"));

        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToArray();
        Assert.All(results, r => Assert.All(r.GetProperty("locations").EnumerateArray(), l => Assert.True(l.TryGetProperty("physicalLocation", out _))));
        var kw004 = results.Single(r => r.GetProperty("ruleId").GetString() == "KW004").GetProperty("locations")[0];
        Assert.Equal("keyward.yaml", kw004.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(SampleReports.Target, kw004.GetProperty("logicalLocations")[0].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("/etc/passwd:1 instantly-api-key")]
    [InlineData("../outside.js:4 instantly-api-key")]
    [InlineData("no location here")]
    public void Write_EvidenceWithoutARelativePath_FallsBackToTheLogicalLocation(string evidence)
    {
        var report = new PostureReport("t", "dev", SampleReports.GeneratedAt, [new("KW001", "No hardcoded keys", Severity.Critical, CheckStatus.Fail, "1 secret", [evidence], "rotate")], []);

        var location = Assert.Single(Result(Render(report), "KW001").GetProperty("locations").EnumerateArray());

        Assert.False(location.TryGetProperty("physicalLocation", out _));
        Assert.True(location.TryGetProperty("logicalLocations", out _));
    }

    [Fact]
    public void Write_Sample_RunCarriesScoreAndSkippedChecks()
    {
        using var sarif = JsonDocument.Parse(Render(SampleReports.Full()));

        var run = sarif.RootElement.GetProperty("runs")[0];
        Assert.Equal("keyward-check/production/", run.GetProperty("automationDetails").GetProperty("id").GetString());
        Assert.Equal(23, run.GetProperty("properties").GetProperty("score").GetInt32());
        Assert.Equal(["KW008", "KW011"], run.GetProperty("properties").GetProperty("skipped").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
    }

    private static void AssertValid(string sarif)
    {
        using var directory = new TempDirectory();
        var file = directory.Write("check.sarif", sarif);

        var (exitCode, output) = NodeTool.Run("validate-sarif.js", file);

        Assert.True(exitCode == 0, output);
    }

    private static JsonElement Result(string sarif, string id)
    {
        using var document = JsonDocument.Parse(sarif);
        return document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("ruleId").GetString() == id)
            .Clone();
    }

    private static string Render(PostureReport report, string? fallbackArtifact = null)
    {
        using var writer = new StringWriter();
        PostureSarifReport.Write(report, writer, fallbackArtifact);
        return writer.ToString();
    }
}
