using System.Globalization;
using System.Text.Json.Nodes;
using Keyward.Core;
using Keyward.Core.Serialization;

namespace Keyward.Scanning.Reporting;

/// <summary>SARIF 2.1.0, as GitHub code scanning accepts it (upload with github/codeql-action/upload-sarif).</summary>
/// <remarks>
/// Results carry <c>partialFingerprints</c> (the Keyward fingerprint) so code scanning tracks an alert across
/// line moves, and rules carry <c>security-severity</c> so GitHub ranks them. Secrets appear only as previews
/// unless redaction is off.
/// </remarks>
public sealed class SarifReporter : IReporter
{
    /// <inheritdoc/>
    public void Write(ScanResult result, TextWriter writer, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(options);
        var rules = result.Findings
            .GroupBy(f => f.RuleId, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(f => f.RuleId, StringComparer.Ordinal)
            .ToArray();
        var ruleIndex = rules.Select((f, i) => (f.RuleId, i)).ToDictionary(p => p.RuleId, p => p.i, StringComparer.Ordinal);

        var driverRules = new JsonArray(rules.Select(f => (JsonNode)new JsonObject
        {
            ["id"] = f.RuleId,
            ["name"] = f.RuleId,
            ["shortDescription"] = new JsonObject { ["text"] = f.Secret is null ? f.RuleId : f.Description },
            ["fullDescription"] = new JsonObject { ["text"] = f.Description },
            ["help"] = new JsonObject { ["text"] = "Rotate the key at the vendor first, then remove it from the code and from git history. See docs/rules.md." },
            ["defaultConfiguration"] = new JsonObject { ["level"] = SarifSeverity.Level(f.Severity) },
            ["properties"] = new JsonObject
            {
                ["tags"] = new JsonArray("security", "secret"),
                ["security-severity"] = SarifSeverity.Score(f.Severity),
                ["precision"] = "high",
            },
        }).ToArray());

        var results = new JsonArray(result.Findings.Select(f => (JsonNode)new JsonObject
        {
            ["ruleId"] = f.RuleId,
            ["ruleIndex"] = ruleIndex[f.RuleId],
            ["level"] = SarifSeverity.Level(f.Severity),
            ["message"] = new JsonObject { ["text"] = Message(f, options) },
            ["locations"] = new JsonArray(new JsonObject
            {
                ["physicalLocation"] = new JsonObject
                {
                    ["artifactLocation"] = new JsonObject { ["uri"] = Uri.EscapeDataString(f.Path).Replace("%2F", "/", StringComparison.Ordinal), ["uriBaseId"] = "%SRCROOT%" },
                    ["region"] = new JsonObject { ["startLine"] = f.Line, ["startColumn"] = f.Column },
                },
            }),
            ["partialFingerprints"] = new JsonObject { ["keyward/v1"] = f.Fingerprint },
            ["properties"] = Properties(f),
        }).ToArray());

        var run = SarifLog.Run(options.ToolVersion, driverRules);
        run["results"] = results;
        SarifLog.Write(writer, run);
    }

    private static string Message(Finding finding, ReportOptions options)
    {
        if (finding.Secret is null)
        {
            return finding.Description;
        }

        var secret = options.Redact ? finding.Secret.Preview : finding.Secret.Reveal();
        var where = finding.Commit is null ? string.Empty : $" (introduced in {finding.Commit.Sha[..12]})";
        return $"{finding.Description}: {secret}{where}. Rotate the key, then remove it.";
    }

    private static JsonObject Properties(Finding finding)
    {
        var properties = new JsonObject { ["severity"] = KeywardJson.EnumValue(finding.Severity) };
        if (finding.Commit is { } commit)
        {
            properties["commit"] = commit.Sha;
            properties["author"] = commit.Author;
            properties["date"] = commit.Date.ToString("O", CultureInfo.InvariantCulture);
        }

        if (finding.Encoding is not null)
        {
            properties["encoding"] = finding.Encoding;
        }

        return properties;
    }
}
