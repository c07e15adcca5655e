using System.Text.Json.Nodes;
using Keyward.Core;
using Keyward.Core.Serialization;

namespace Keyward.Scanning.Reporting;

/// <summary>The stable JSON report (schema in docs/rules.md#json-report); also the input of <c>--baseline</c>.</summary>
/// <remarks>Built as a <see cref="JsonNode"/> tree and written with the shared <see cref="KeywardJson.Options"/>, like the
/// SARIF report. The serializer's metadata for these shapes, even source-generated, JIT-compiled 250 to 300 generic
/// methods over value types that no ReadyToRun image holds, in every <c>--format json</c> run: an empty history scan
/// took 299 ms with it and 237 ms without.</remarks>
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
        var bySeverity = new JsonObject();
        foreach (var severity in Enum.GetValues<Severity>())
        {
            bySeverity[KeywardJson.EnumValue(severity)] = result.Findings.Count(f => f.Severity == severity);
        }

        var report = new JsonObject
        {
            ["version"] = SchemaVersion,
            ["tool"] = new JsonObject { ["name"] = "keyward", ["version"] = options.ToolVersion },
            ["source"] = result.Source,
            ["summary"] = new JsonObject
            {
                ["findings"] = result.Findings.Count,
                ["bySeverity"] = bySeverity,
                ["inlineAllowed"] = result.InlineAllowed,
                ["ignored"] = result.Ignored,
                ["baselined"] = result.Baselined,
                ["filesScanned"] = result.FragmentsScanned,
                ["bytesScanned"] = result.BytesScanned,
                ["skipped"] = result.Skipped.Count,
                ["seconds"] = Math.Round(result.Elapsed.TotalSeconds, 3),
            },
            ["findings"] = new JsonArray([.. result.Findings.Select(f => Finding(f, options))]),
            ["skipped"] = new JsonArray([.. result.Skipped.Select(s => new JsonObject { ["path"] = s.Path, ["reason"] = s.Reason })]),
            ["warnings"] = JsonTree.Strings(result.Warnings),
        };
        writer.WriteLine(report.ToJsonString(KeywardJson.Options));
    }

    private static JsonObject Finding(Finding f, ReportOptions options)
    {
        // Null fields are left out, as everywhere in keyward's JSON.
        var finding = new JsonObject
        {
            ["ruleId"] = f.RuleId,
            ["description"] = f.Description,
            ["severity"] = KeywardJson.EnumValue(f.Severity),
            ["path"] = f.Path,
            ["line"] = f.Line,
            ["column"] = f.Column,
        };
        if (f.Secret is not null)
        {
            var secret = new JsonObject { ["preview"] = f.Secret.Preview, ["length"] = f.Secret.Length };
            if (!options.Redact)
            {
                secret["value"] = f.Secret.Reveal();
            }

            finding["secret"] = secret;
        }

        finding["fingerprint"] = f.Fingerprint;
        if (f.Commit is not null)
        {
            finding["commit"] = new JsonObject
            {
                ["sha"] = f.Commit.Sha,
                ["author"] = f.Commit.Author,
                ["email"] = f.Commit.Email,
                ["date"] = f.Commit.Date,
            };
        }

        if (f.Encoding is not null)
        {
            finding["encoding"] = f.Encoding;
        }

        if (f.Verification is { } verification)
        {
            finding["verification"] = KeywardJson.EnumValue(verification);
        }

        return finding;
    }
}
