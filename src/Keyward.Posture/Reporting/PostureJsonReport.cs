using System.Text.Json;
using Keyward.Core.Serialization;

namespace Keyward.Posture.Reporting;

/// <summary>Writes a <see cref="PostureReport"/> as the stable JSON document of <c>keyward check --format json</c>.</summary>
/// <remarks>
/// The schema is documented in docs/checks-report-formats.md. Fields follow the conventions of every Keyward JSON
/// output (<see cref="KeywardJson"/>): camelCase names and null fields omitted, so <c>fix</c> appears only where the
/// check gave one (failed checks) and a key's <c>ageDays</c> or <c>unusedScopes</c> only when known. Severities and statuses are
/// lowercase words. Fields may be added within a version; renaming or removing one bumps <see cref="SchemaVersion"/>.
/// The class is stateless and thread-safe.
/// </remarks>
public static class PostureJsonReport
{
    /// <summary>The schema version written as <c>version</c>; bumped only for incompatible changes.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Writes <paramref name="report"/> to <paramref name="writer"/>, followed by a newline.</summary>
    /// <param name="report">The checklist's results.</param>
    /// <param name="writer">Where the JSON goes.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(PostureReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        var document = new Document(
            SchemaVersion,
            new Tool("keyward", ReportText.ToolVersion),
            report.Target,
            report.Environment,
            report.GeneratedAt,
            report.Score,
            new Summary(
                report.Results.Count,
                ReportText.Count(report, CheckStatus.Pass),
                ReportText.Count(report, CheckStatus.Fail),
                ReportText.Count(report, CheckStatus.Skipped)),
            [.. report.Results.Select(r => new Check(
                r.Id,
                r.Title,
                ReportText.Name(r.Severity),
                ReportText.Name(r.Status),
                r.Summary,
                r.Evidence,
                r.Fix))],
            [.. report.Keys.Select(k => new Key(k.Name, k.Id, k.AgeDays, k.Scopes, k.UnusedScopes, ReportText.Name(k.Risk)))]);
        writer.WriteLine(JsonSerializer.Serialize(document, KeywardJson.Options));
    }

    private sealed record Document(
        int Version,
        Tool Tool,
        string Target,
        string Environment,
        DateTimeOffset GeneratedAt,
        int Score,
        Summary Summary,
        IReadOnlyList<Check> Checks,
        IReadOnlyList<Key> Keys);

    private sealed record Tool(string Name, string Version);

    private sealed record Summary(int Checks, int Pass, int Fail, int Skipped);

    private sealed record Check(string Id, string Title, string Severity, string Status, string Summary, IReadOnlyList<string> Evidence, string? Fix);

    private sealed record Key(string Name, string Id, int? AgeDays, int Scopes, int? UnusedScopes, string Risk);
}
