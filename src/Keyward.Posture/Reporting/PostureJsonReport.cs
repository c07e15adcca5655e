using System.Text.Json.Nodes;
using Keyward.Core.Serialization;

namespace Keyward.Posture.Reporting;

/// <summary>Writes a <see cref="PostureReport"/> as the stable JSON document of <c>keyward check --format json</c>.</summary>
/// <remarks>
/// The schema is documented in docs/checks-report-formats.md. Fields follow the conventions of every Keyward JSON
/// output (<see cref="KeywardJson"/>): camelCase names and null fields omitted, so <c>fix</c> appears only where the
/// check gave one (failed checks) and a key's <c>ageDays</c> or <c>unusedScopes</c> only when known. Severities and statuses are
/// lowercase words. Fields may be added within a version; renaming or removing one bumps <see cref="SchemaVersion"/>.
/// Built as a <see cref="JsonNode"/> tree, like the scan's JSON report, so Native AOT writes it without the
/// reflection-based serializer. The class is stateless and thread-safe.
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
        var document = new JsonObject
        {
            ["version"] = SchemaVersion,
            ["tool"] = new JsonObject { ["name"] = "keyward", ["version"] = ReportText.ToolVersion },
            ["target"] = report.Target,
            ["environment"] = report.Environment,
            ["generatedAt"] = report.GeneratedAt,
            ["score"] = report.Score,
            ["summary"] = new JsonObject
            {
                ["checks"] = report.Results.Count,
                ["pass"] = ReportText.Count(report, CheckStatus.Pass),
                ["fail"] = ReportText.Count(report, CheckStatus.Fail),
                ["skipped"] = ReportText.Count(report, CheckStatus.Skipped),
            },
            ["checks"] = new JsonArray([.. report.Results.Select(Check)]),
            ["keys"] = new JsonArray([.. report.Keys.Select(Key)]),
        };
        writer.WriteLine(document.ToJsonString(KeywardJson.Options));
    }

    private static JsonObject Check(CheckResult result) => new JsonObject
    {
        ["id"] = result.Id,
        ["title"] = result.Title,
        ["severity"] = ReportText.Name(result.Severity),
        ["status"] = ReportText.Name(result.Status),
        ["summary"] = result.Summary,
        ["evidence"] = JsonTree.Strings(result.Evidence),
        ["fix"] = result.Fix,
    }.WithoutNulls();

    private static JsonObject Key(KeyFacts facts) => new JsonObject
    {
        ["name"] = facts.Name,
        ["id"] = facts.Id,
        ["ageDays"] = facts.AgeDays,
        ["scopes"] = facts.Scopes,
        ["unusedScopes"] = facts.UnusedScopes,
        ["risk"] = ReportText.Name(facts.Risk),
    }.WithoutNulls();
}
