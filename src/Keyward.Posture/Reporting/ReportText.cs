using System.Globalization;
using Keyward.Core;

namespace Keyward.Posture.Reporting;

/// <summary>The words and numbers every posture report format shares, so the formats cannot drift apart.</summary>
internal static class ReportText
{
    /// <summary>Gets the keyward version written into JSON, SARIF and HTML.</summary>
    public static string ToolVersion { get; } = typeof(ReportText).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>The lowercase severity name, as JSON and SARIF properties spell it.</summary>
    public static string Name(Severity severity) => severity switch
    {
        Severity.Info => "info",
        Severity.Low => "low",
        Severity.Medium => "medium",
        Severity.High => "high",
        Severity.Critical => "critical",
        _ => severity.ToString().ToLowerInvariant(),
    };

    /// <summary>The machine status word: <c>pass</c>, <c>fail</c> or <c>skipped</c>.</summary>
    public static string Name(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "pass",
        CheckStatus.Fail => "fail",
        _ => "skipped",
    };

    /// <summary>The status label people read in tables: PASS, FAIL or SKIP.</summary>
    public static string Label(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "PASS",
        CheckStatus.Fail => "FAIL",
        _ => "SKIP",
    };

    /// <summary>When the report was made, in UTC, for people: <c>2026-05-01 09:30 UTC</c>.</summary>
    public static string Date(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>When the report was made, in UTC, for machines: ISO 8601 with a <c>Z</c>.</summary>
    public static string IsoDate(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>"7 passed, 3 failed, 1 skipped".</summary>
    public static string Counts(PostureReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"{Count(report, CheckStatus.Pass)} passed, {Count(report, CheckStatus.Fail)} failed, {Count(report, CheckStatus.Skipped)} skipped");

    /// <summary>How many results have <paramref name="status"/>.</summary>
    public static int Count(PostureReport report, CheckStatus status) => report.Results.Count(r => r.Status == status);

    /// <summary>The failed results, worst first and then by id: the order fixes are listed in.</summary>
    public static IEnumerable<CheckResult> FailedWorstFirst(PostureReport report) =>
        report.Results.Where(r => r.Status == CheckStatus.Fail).OrderByDescending(r => r.Severity).ThenBy(r => r.Id, StringComparer.Ordinal);
}
