using System.Text.Json;
using Keyward.Core;
using Keyward.Core.Serialization;

namespace Keyward.Scanning.Reporting;

/// <summary>The stable JSON report (schema in docs/rules.md#json-report); also the input of <c>--baseline</c>.</summary>
public sealed class JsonReporter : IReporter
{
    /// <summary>The report schema version; bumped only for incompatible changes.</summary>
    public const int SchemaVersion = 1;

    /// <inheritdoc/>
    public void Write(ScanResult result, TextWriter writer, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(options);
        var report = new Report(
            SchemaVersion,
            new Tool("keyward", options.ToolVersion),
            result.Source,
            new Summary(
                result.Findings.Count,
                Enum.GetValues<Severity>().ToDictionary(s => s.ToString().ToLowerInvariant(), s => result.Findings.Count(f => f.Severity == s)),
                result.InlineAllowed,
                result.Ignored,
                result.Baselined,
                result.FragmentsScanned,
                result.BytesScanned,
                result.Skipped.Count,
                Math.Round(result.Elapsed.TotalSeconds, 3)),
            result.Findings.Select(f => new FindingJson(
                f.RuleId,
                f.Description,
                f.Severity,
                f.Path,
                f.Line,
                f.Column,
                f.Secret is null ? null : new SecretJson(f.Secret.Preview, f.Secret.Length, options.Redact ? null : f.Secret.Reveal()),
                f.Fingerprint,
                f.Commit is null ? null : new CommitJson(f.Commit.Sha, f.Commit.Author, f.Commit.Email, f.Commit.Date),
                f.Encoding,
                f.Verification)).ToArray(),
            result.Skipped.Select(s => new SkippedJson(s.Path, s.Reason)).ToArray(),
            result.Warnings);
        writer.WriteLine(JsonSerializer.Serialize(report, KeywardJson.Options));
    }

    private sealed record Report(int Version, Tool Tool, string Source, Summary Summary, IReadOnlyList<FindingJson> Findings, IReadOnlyList<SkippedJson> Skipped, IReadOnlyList<string> Warnings);

    private sealed record Tool(string Name, string Version);

    private sealed record Summary(int Findings, IReadOnlyDictionary<string, int> BySeverity, int InlineAllowed, int Ignored, int Baselined, long FilesScanned, long BytesScanned, int Skipped, double Seconds);

    private sealed record FindingJson(string RuleId, string Description, Severity Severity, string Path, int Line, int Column, SecretJson? Secret, string Fingerprint, CommitJson? Commit, string? Encoding, VerificationStatus? Verification);

    private sealed record SecretJson(string Preview, int Length, string? Value);

    private sealed record CommitJson(string Sha, string Author, string Email, DateTimeOffset Date);

    private sealed record SkippedJson(string Path, string Reason);
}
