using Keyward.Core;
using Keyward.Posture.Reporting;

namespace Keyward.Posture.Tests.Reporting;

public class PostureMarkdownReportTests
{
    [Fact]
    public void Write_Sample_StartsWithTheScoreHeading()
    {
        var markdown = Render(SampleReports.Full());

        Assert.StartsWith("## Keyward check: score 23/100\n", markdown, StringComparison.Ordinal);
        Assert.Contains("**Environment:** production", markdown, StringComparison.Ordinal);
        Assert.Contains("**Generated:** 2026-05-01 09:30 UTC", markdown, StringComparison.Ordinal);
        Assert.Contains("**Checks:** 3 passed, 6 failed, 2 skipped", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Sample_OneTableRowPerCheckWithPlainStatusWords()
    {
        var rows = TableRows(Render(SampleReports.Full()));

        Assert.Equal(11, rows.Length);
        Assert.Equal("| FAIL | KW001 | No hardcoded keys in the repository | critical | 2 secrets written in the working tree and its git history |", rows[0]);
        Assert.StartsWith("| PASS | KW003 |", rows[2], StringComparison.Ordinal);
        Assert.StartsWith("| SKIP | KW008 |", rows[7], StringComparison.Ordinal);
        Assert.All(rows, row => Assert.Equal(6, UnescapedPipes(row)));
    }

    [Fact]
    public void Write_PipeAndNewlineInSummary_StayInsideTheCell()
    {
        var rows = TableRows(Render(SampleReports.Full()));

        Assert.Equal(@"| FAIL | KW004 | Scopes fit the environment's policy | critical | prod-sender holds all:all \| leads:delete<br>in production |", rows[3]);
    }

    [Fact]
    public void Write_Sample_FixesListEachFailedCheckWorstFirstWithEvidenceAndFix()
    {
        var markdown = Render(SampleReports.Full());

        var fixes = markdown[markdown.IndexOf("### Fixes", StringComparison.Ordinal)..];
        var headings = fixes.Split('\n').Where(l => l.StartsWith("#### ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(
            ["#### KW001 No hardcoded keys in the repository (critical)", "#### KW004 Scopes fit the environment's policy (critical)", "#### KW002 .env and key files are git-ignored and untracked (high)", "#### KW006 Keys are rotated within the maximum age (high)", "#### KW005 Keys hold only the scopes their calls need (medium)", "#### KW010 The block list holds your own and your competitors' domains (low)"],
            headings);
        Assert.Contains("- key prod-sender (key-01) is 120 days old\n", fixes, StringComparison.Ordinal);
        Assert.Contains("- config/old settings.json:3 instantly-api-key (commit 0123456789ab)\n", fixes, StringComparison.Ordinal);
        Assert.Contains("```text\nkeyward keys create --name prod-sender-v2 --scopes campaigns:read,leads:update\nkeyward keys revoke key-01\n```\n", fixes, StringComparison.Ordinal);
        Assert.DoesNotContain("KW003", fixes, StringComparison.Ordinal);
        Assert.DoesNotContain("KW008", fixes, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_MarkupInText_IsEscaped()
    {
        var markdown = Render(SampleReports.Planted("<script>alert(1)</script> [x](https://evil.example) **b**"));

        // Inside the fenced fix block the text is literal, which is safe; everywhere else it must be escaped.
        var outsideCode = string.Join('\n', markdown.Split("```").Where((_, i) => i % 2 == 0));
        Assert.Contains("```text\nfix <script>alert(1)</script>", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", outsideCode, StringComparison.Ordinal);
        Assert.DoesNotContain("](", outsideCode.Replace(@"\](", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains(@"summary \<script\>alert(1)\</script\> \[x\](https://evil.example) \*\*b\*\*", outsideCode, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_FixWithBackticks_GetsALongerFence()
    {
        var report = Report(new CheckResult("KW010", "Block list", Severity.Low, CheckStatus.Fail, "missing", [], "run ```keyward blocklist add x```"));

        var markdown = Render(report);

        Assert.Contains("````text\nrun ```keyward blocklist add x```\n````\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ManyEvidenceLines_AreCappedWithACount()
    {
        var evidence = Enumerable.Range(1, 25).Select(i => $"src/f{i}.js:1 instantly-api-key").ToArray();
        var report = Report(new CheckResult("KW001", "No hardcoded keys", Severity.Critical, CheckStatus.Fail, "25 secrets", evidence, "rotate"));

        var markdown = Render(report);

        Assert.Contains("- src/f20.js:1 instantly-api-key\n", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("src/f21.js", markdown, StringComparison.Ordinal);
        Assert.Contains("- and 5 more (the JSON and HTML reports list all)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_TextThatWouldStartABlock_IsEscaped()
    {
        var report = Report(new CheckResult("KW010", "Block list", Severity.Low, CheckStatus.Fail, "- not a list", ["1. not ordered", "= not a heading"], "x"));

        var markdown = Render(report);

        Assert.Contains("\n\\- not a list\n", markdown, StringComparison.Ordinal);
        Assert.Contains("\n- 1\\. not ordered\n", markdown, StringComparison.Ordinal);
        Assert.Contains("\n- \\= not a heading\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NothingFailed_SaysSo()
    {
        var report = Report(new CheckResult("KW007", "No unused keys", Severity.Medium, CheckStatus.Pass, "all used", [], null));

        var markdown = Render(report);

        Assert.Contains("### Fixes\n\nNo check failed.\n", markdown, StringComparison.Ordinal);
    }

    private static PostureReport Report(CheckResult result) =>
        new(SampleReports.Target, "production", SampleReports.GeneratedAt, [result], []);

    private static string[] TableRows(string markdown) =>
        [.. markdown.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| Status", StringComparison.Ordinal))];

    private static int UnescapedPipes(string row) =>
        row.Select((c, i) => c == '|' && (i == 0 || row[i - 1] != '\\')).Count(p => p);

    private static string Render(PostureReport report)
    {
        using var writer = new StringWriter();
        PostureMarkdownReport.Write(report, writer);
        return writer.ToString();
    }
}
