using Keyward.Core;

namespace Keyward.Scanning.Reporting;

/// <summary>Findings grouped by file, most severe first within a file, for people.</summary>
public sealed class TextReporter : IReporter
{
    /// <inheritdoc/>
    public void Write(ScanResult result, TextWriter writer, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var file in result.Findings.GroupBy(f => f.Path, StringComparer.Ordinal))
        {
            writer.WriteLine(Paint(file.Key, "1", options));
            foreach (var finding in file)
            {
                var severity = Paint(finding.Severity.ToString().ToLowerInvariant().PadRight(8), Colour(finding.Severity), options);
                var secret = finding.Secret is null ? string.Empty : " " + (options.Redact ? finding.Secret.Preview : finding.Secret.Reveal());
                var encoding = finding.Encoding is null ? string.Empty : $" ({finding.Encoding}-encoded)";
                writer.WriteLine($"  {finding.Line}:{finding.Column}  {severity} {finding.RuleId}{secret}{encoding}");
                writer.WriteLine($"      {finding.Description}");
                if (finding.Commit is { } commit)
                {
                    writer.WriteLine($"      introduced in {commit.Sha[..12]} by {commit.Author} <{commit.Email}> on {commit.Date:yyyy-MM-dd}");
                }

                if (finding.Verification is { } verification)
                {
                    writer.WriteLine($"      verified: {verification.ToString().ToLowerInvariant()}");
                }

                writer.WriteLine($"      fingerprint {finding.Fingerprint}");
            }

            writer.WriteLine();
        }

        WriteSummary(result, writer);
    }

    private static void WriteSummary(ScanResult result, TextWriter writer)
    {
        var mib = result.BytesScanned / (1024.0 * 1024.0);
        writer.WriteLine($"Scanned {result.Source}: {result.FragmentsScanned} files, {mib:F1} MiB in {result.Elapsed.TotalSeconds:F2} s.");
        var suppressed = result.InlineAllowed + result.Ignored + result.Baselined;
        if (suppressed > 0)
        {
            writer.WriteLine($"Suppressed: {result.InlineAllowed} inline (keyward:allow), {result.Ignored} by .keywardignore, {result.Baselined} by baseline.");
        }

        if (result.Skipped.Count > 0)
        {
            var reasons = result.Skipped.GroupBy(s => s.Reason.StartsWith("larger", StringComparison.Ordinal) ? "too large" : s.Reason)
                .Select(g => $"{g.Count()} {g.Key}");
            writer.WriteLine($"Skipped {result.Skipped.Count}: {string.Join(", ", reasons)} (--format json lists them).");
        }

        foreach (var warning in result.Warnings)
        {
            writer.WriteLine($"warning: {warning}");
        }

        writer.WriteLine(result.Findings.Count == 0
            ? "No leaks found."
            : $"{result.Findings.Count} finding{(result.Findings.Count == 1 ? string.Empty : "s")}. Rotate any live key first ('keyward keys rotate'), then remove it from code and history.");
    }

    private static string Paint(string text, string code, ReportOptions options) =>
        options.Color ? $"\u001b[{code}m{text}\u001b[0m" : text;

    private static string Colour(Severity severity) => severity switch
    {
        Severity.Critical => "1;31",
        Severity.High => "31",
        Severity.Medium => "33",
        _ => "32",
    };
}
