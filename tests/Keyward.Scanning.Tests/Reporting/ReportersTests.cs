using System.Text.Json;
using Keyward.Scanning.Detection;
using Keyward.Scanning.Reporting;
using Keyward.Scanning.Sources;
using Keyward.Scanning.Suppression;
using Keyward.Tests.Shared;

namespace Keyward.Scanning.Tests.Reporting;

public class ReportersTests
{
    private static readonly Scanner Scanner = new(new Detector(TestRules.Set));

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("sarif")]
    public async Task Write_Redacted_NeverContainsTheSecret(string format)
    {
        var (result, secrets, _) = await HistoryWithLeaksAsync();

        var report = Render(format, result, redact: true);

        Assert.NotEmpty(result.Findings);
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, report, StringComparison.Ordinal));
        Assert.All(secrets, secret => Assert.Contains(secret[..4] + "...", report, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("sarif")]
    public async Task Write_NoRedact_ShowsTheSecret(string format)
    {
        var (result, secrets, _) = await HistoryWithLeaksAsync();

        var report = Render(format, result, redact: false);

        Assert.All(secrets, secret => Assert.Contains(secret, report, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_HasTheDocumentedShape()
    {
        var (result, _, commit) = await HistoryWithLeaksAsync();

        using var json = JsonDocument.Parse(Render("json", result, redact: true));

        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal(2, root.GetProperty("summary").GetProperty("findings").GetInt32());
        var bySeverity = root.GetProperty("summary").GetProperty("bySeverity");
        Assert.Equal(["info", "low", "medium", "high", "critical"], bySeverity.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, bySeverity.EnumerateObject().Sum(p => p.Value.GetInt32()));
        var finding = root.GetProperty("findings")[0];
        Assert.Equal("acme-token", finding.GetProperty("ruleId").GetString());
        Assert.Equal("high", finding.GetProperty("severity").GetString());
        Assert.Equal(25, finding.GetProperty("secret").GetProperty("length").GetInt32());
        Assert.False(finding.GetProperty("secret").TryGetProperty("value", out _));
        Assert.Equal(commit, finding.GetProperty("commit").GetProperty("sha").GetString());
        Assert.StartsWith("acme-token:", finding.GetProperty("fingerprint").GetString(), StringComparison.Ordinal);
        Assert.False(finding.TryGetProperty("encoding", out _), "fields without a value are left out");
        Assert.Equal(JsonValueKind.Array, root.GetProperty("warnings").ValueKind);
    }

    [Fact]
    public async Task Sarif_IsValidAgainstTheOfficialSchema()
    {
        var (result, _, _) = await HistoryWithLeaksAsync();
        using var directory = new TempDirectory();
        var file = directory.Write("report.sarif", Render("sarif", result, redact: true));

        var (exitCode, output) = NodeTool.Run("validate-sarif.js", file);

        Assert.True(exitCode == 0, output);
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var sarifResult = json.RootElement.GetProperty("runs")[0].GetProperty("results")[0];
        Assert.Equal("error", sarifResult.GetProperty("level").GetString());
        Assert.Equal("leaks/config.txt", sarifResult.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.True(sarifResult.GetProperty("partialFingerprints").TryGetProperty("keyward/v1", out _));
    }

    [Fact]
    public async Task Sarif_EmptyScan_IsValidToo()
    {
        using var empty = new TempDirectory();
        var result = await Scanner.ScanAsync(new DirectorySource(empty.Path), Suppressions.None);
        var file = empty.Write("report.sarif", Render("sarif", result, redact: true));

        var (exitCode, output) = NodeTool.Run("validate-sarif.js", file);

        Assert.True(exitCode == 0, output);
    }

    private static string Render(string format, ScanResult result, bool redact)
    {
        using var writer = new StringWriter();
        ReportFormat.For(format).Write(result, writer, new ReportOptions { Redact = redact });
        return writer.ToString();
    }

    private static async Task<(ScanResult Result, string[] Secrets, string Commit)> HistoryWithLeaksAsync()
    {
        using var repo = new GitRepository();
        var secrets = new[] { TestRules.Token(), "ACME_SECRET=" + Some.AlphanumericString(24) };
        var commit = repo.Commit("leak", ("leaks/config.txt", $"token: {secrets[0]}\n{secrets[1]}\n"));
        var result = await Scanner.ScanAsync(new GitHistorySource(repo.Path), Suppressions.None);
        return (result, [secrets[0], secrets[1]["ACME_SECRET=".Length..]], commit);
    }
}
