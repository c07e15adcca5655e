using Keyward.Posture;
using Keyward.Posture.Reporting;

namespace Keyward.Cli.Views;

/// <summary>Renders a <c>keyward check</c> report: a table with a score for people, or one of the documented formats.</summary>
internal static class PostureView
{
    public static readonly string[] Formats = ["text", "json", "sarif", "markdown", "html"];

    /// <summary>The file SARIF results that are about the workspace, not a file, are attached to: GitHub code scanning
    /// rejects results without a file location.</summary>
    private const string SarifArtifact = "keyward.yaml";

    public static async Task WriteAsync(CliConsole console, PostureReport report, string format, FileInfo? output, PosturePolicy policy, CancellationToken cancellationToken)
    {
        if (output is not null)
        {
            await using var file = new StreamWriter(output.FullName);
            Render(report, format, policy, file);
            await console.Error.WriteLineAsync($"report written to {output.FullName} (score {report.Score}/100)").ConfigureAwait(false);
            return;
        }

        if (format == "text")
        {
            Text(console, report);
            return;
        }

        Render(report, format, policy, console.Output);
    }

    private static void Render(PostureReport report, string format, PosturePolicy policy, TextWriter writer)
    {
        switch (format)
        {
            case "json":
                PostureJsonReport.Write(report, writer);
                break;
            case "sarif":
                PostureSarifReport.Write(report, writer, SarifArtifact);
                break;
            case "markdown":
                PostureMarkdownReport.Write(report, writer);
                break;
            case "html":
                PostureHtmlReport.Write(report, writer, (int)policy.MaxKeyAge.TotalDays);
                break;
            default:
                PlainText(report, writer);
                break;
        }
    }

    private static void Text(CliConsole console, PostureReport report)
    {
        console.Heading($"keyward check: {report.Target}");
        var table = console.Table("STATUS", "ID", "SEVERITY", "CHECK", "RESULT");
        foreach (var r in report.Results)
        {
            table.AddTextRow(Status(r.Status), r.Id, r.Severity.ToString().ToLowerInvariant(), r.Title, r.Summary);
        }

        console.Write(table);
        using var details = new StringWriter();
        Details(report, details);
        foreach (var line in details.ToString().Split(Environment.NewLine))
        {
            console.Line(line);
        }
    }

    private static void PlainText(PostureReport report, TextWriter writer)
    {
        writer.WriteLine($"keyward check: {report.Target}");
        foreach (var r in report.Results)
        {
            writer.WriteLine($"{Status(r.Status),-4} {r.Id} {r.Severity.ToString().ToLowerInvariant(),-8} {r.Title}: {r.Summary}");
        }

        Details(report, writer);
    }

    private static void Details(PostureReport report, TextWriter writer)
    {
        foreach (var failed in report.Results.Where(r => r.Status == CheckStatus.Fail))
        {
            writer.WriteLine();
            writer.WriteLine($"{failed.Id} {failed.Title}: {failed.Summary}");
            foreach (var evidence in failed.Evidence)
            {
                writer.WriteLine($"  - {evidence}");
            }

            writer.WriteLine($"  fix: {failed.Fix}");
        }

        var counts = report.Results.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());
        writer.WriteLine();
        writer.WriteLine($"Score {report.Score}/100: {counts.GetValueOrDefault(CheckStatus.Pass)} passed, {counts.GetValueOrDefault(CheckStatus.Fail)} failed, {counts.GetValueOrDefault(CheckStatus.Skipped)} skipped.");
    }

    private static string Status(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "PASS",
        CheckStatus.Fail => "FAIL",
        _ => "SKIP",
    };
}
