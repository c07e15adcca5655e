using System.Text.Json;
using Keyward.Core;
using Keyward.Posture.Reporting;

namespace Keyward.Posture.Tests.Reporting;

public class PostureJsonReportTests
{
    [Fact]
    public void Write_Sample_HasTheDocumentedTopLevelFields()
    {
        using var json = JsonDocument.Parse(Render(SampleReports.Full()));

        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal("keyward", root.GetProperty("tool").GetProperty("name").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+$", root.GetProperty("tool").GetProperty("version").GetString());
        Assert.Equal(SampleReports.Target, root.GetProperty("target").GetString());
        Assert.Equal("production", root.GetProperty("environment").GetString());
        Assert.Equal(SampleReports.GeneratedAt, root.GetProperty("generatedAt").GetDateTimeOffset());
        Assert.Equal(23, root.GetProperty("score").GetInt32());
        var summary = root.GetProperty("summary");
        Assert.Equal(11, summary.GetProperty("checks").GetInt32());
        Assert.Equal(3, summary.GetProperty("pass").GetInt32());
        Assert.Equal(6, summary.GetProperty("fail").GetInt32());
        Assert.Equal(2, summary.GetProperty("skipped").GetInt32());
        Assert.Equal(11, root.GetProperty("checks").GetArrayLength());
        Assert.Equal(3, root.GetProperty("keys").GetArrayLength());
    }

    [Fact]
    public void Write_Sample_ChecksHaveLowercaseSeverityAndStatusWords()
    {
        using var json = JsonDocument.Parse(Render(SampleReports.Full()));

        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);
        var failed = checks["KW001"];
        Assert.Equal("No hardcoded keys in the repository", failed.GetProperty("title").GetString());
        Assert.Equal("critical", failed.GetProperty("severity").GetString());
        Assert.Equal("fail", failed.GetProperty("status").GetString());
        Assert.Equal("2 secrets written in the working tree and its git history", failed.GetProperty("summary").GetString());
        Assert.Equal("src/send.js:12 instantly-api-key", failed.GetProperty("evidence")[0].GetString());
        Assert.StartsWith("Treat each key as leaked", failed.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Equal("pass", checks["KW003"].GetProperty("status").GetString());
        Assert.False(checks["KW003"].TryGetProperty("fix", out _));
        Assert.Equal("skipped", checks["KW008"].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Array, checks["KW008"].GetProperty("evidence").ValueKind);
        Assert.Equal("low", checks["KW010"].GetProperty("severity").GetString());
        Assert.Equal("medium", checks["KW011"].GetProperty("severity").GetString());
    }

    [Fact]
    public void Write_Sample_KeysCarryTheirFactsAndOmitUnknowns()
    {
        using var json = JsonDocument.Parse(Render(SampleReports.Full()));

        var keys = json.RootElement.GetProperty("keys");
        var prod = keys[0];
        Assert.Equal("prod-sender", prod.GetProperty("name").GetString());
        Assert.Equal("key-01", prod.GetProperty("id").GetString());
        Assert.Equal(120, prod.GetProperty("ageDays").GetInt32());
        Assert.Equal(12, prod.GetProperty("scopes").GetInt32());
        Assert.Equal(9, prod.GetProperty("unusedScopes").GetInt32());
        Assert.Equal("critical", prod.GetProperty("risk").GetString());
        Assert.False(keys[2].TryGetProperty("unusedScopes", out _));
    }

    [Fact]
    public void Write_Sample_RoundTripsToTheSameReport()
    {
        var report = SampleReports.Full();

        var read = JsonSerializer.Deserialize<ReportJson>(Render(report), JsonSerializerOptions.Web)!;

        Assert.Equal(report.Target, read.Target);
        Assert.Equal(report.Environment, read.Environment);
        Assert.Equal(report.GeneratedAt, read.GeneratedAt);
        Assert.Equal(report.Score, read.Score);
        Assert.Equal(
            report.Results.Select(r => (r.Id, r.Title, r.Severity, r.Status, r.Summary, string.Join('\n', r.Evidence), r.Fix)),
            read.Checks.Select(c => (c.Id, c.Title, Enum.Parse<Severity>(c.Severity, ignoreCase: true), StatusOf(c.Status), c.Summary, string.Join('\n', c.Evidence), c.Fix)));
        Assert.Equal(report.Keys, read.Keys.Select(k => new KeyFacts(k.Name, k.Id, k.AgeDays, k.Scopes, k.UnusedScopes, Enum.Parse<Severity>(k.Risk, ignoreCase: true))));
    }

    [Fact]
    public void Write_NoKeys_WritesAnEmptyArray()
    {
        using var json = JsonDocument.Parse(Render(SampleReports.WithoutKeys()));

        Assert.Equal(0, json.RootElement.GetProperty("keys").GetArrayLength());
    }

    [Fact]
    public void Write_IsIndentedCamelCaseJsonWithoutNullFields()
    {
        var report = new PostureReport(
            "t",
            "production",
            new DateTimeOffset(2026, 5, 1, 9, 30, 15, TimeSpan.FromHours(2)),
            [new CheckResult("KW003", "Keys \"ok\"", Severity.High, CheckStatus.Pass, "fine", ["a <b>"], null)],
            [new KeyFacts("ci", "key-03", null, 2, null, Severity.Low)]);

        Assert.Equal(
            $$"""
            {
              "version": 1,
              "tool": {
                "name": "keyward",
                "version": "{{JsonDocument.Parse(Render(report)).RootElement.GetProperty("tool").GetProperty("version").GetString()}}"
              },
              "target": "t",
              "environment": "production",
              "generatedAt": "2026-05-01T09:30:15+02:00",
              "score": 100,
              "summary": {
                "checks": 1,
                "pass": 1,
                "fail": 0,
                "skipped": 0
              },
              "checks": [
                {
                  "id": "KW003",
                  "title": "Keys \u0022ok\u0022",
                  "severity": "high",
                  "status": "pass",
                  "summary": "fine",
                  "evidence": [
                    "a \u003Cb\u003E"
                  ]
                }
              ],
              "keys": [
                {
                  "name": "ci",
                  "id": "key-03",
                  "scopes": 2,
                  "risk": "low"
                }
              ]
            }

            """,
            Render(report).ReplaceLineEndings("\n"));
    }

    private static CheckStatus StatusOf(string status) => status switch
    {
        "pass" => CheckStatus.Pass,
        "fail" => CheckStatus.Fail,
        "skipped" => CheckStatus.Skipped,
        _ => throw new FormatException(status),
    };

    private static string Render(PostureReport report)
    {
        using var writer = new StringWriter();
        PostureJsonReport.Write(report, writer);
        return writer.ToString();
    }

    // The schema of docs/checks-report-formats.md, as a consumer would declare it.
    private sealed record ReportJson(int Version, ToolJson Tool, string Target, string Environment, DateTimeOffset GeneratedAt, int Score, SummaryJson Summary, CheckJson[] Checks, KeyJson[] Keys);

    private sealed record ToolJson(string Name, string Version);

    private sealed record SummaryJson(int Checks, int Pass, int Fail, int Skipped);

    private sealed record CheckJson(string Id, string Title, string Severity, string Status, string Summary, string[] Evidence, string? Fix);

    private sealed record KeyJson(string Name, string Id, int? AgeDays, int Scopes, int? UnusedScopes, string Risk);
}
