using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Keyward.Core;
using Keyward.Core.Serialization;

namespace Keyward.Posture.Reporting;

/// <summary>Writes a <see cref="PostureReport"/> as SARIF 2.1.0: one rule per check and one result per failed check.</summary>
/// <remarks>
/// <para>Levels follow severity: critical and high are <c>error</c>, medium is <c>warning</c>, low and info are
/// <c>note</c>; rules also carry GitHub's <c>security-severity</c>. The message holds the summary, the evidence and
/// the fix; the fix is also in the result's <c>properties.fix</c> (SARIF <c>fixes</c> describe byte edits to files,
/// which these fixes are not).</para>
/// <para>Most checks are about the workspace, not a file, so each result has a logical location naming the target.
/// KW001 and KW002 evidence names files (<c>path:line rule</c>, <c>path: description</c>); those become physical
/// locations, relative to <c>%SRCROOT%</c>. GitHub code scanning rejects a whole log in which any result lacks a
/// physical location; to upload the log there, pass <c>fallbackArtifact</c> (such as <c>keyward.yaml</c>) and every
/// result without a file of its own is anchored to line 1 of that file as well.</para>
/// <para>Each result carries <c>partialFingerprints</c> made of the check id and the environment, so code scanning
/// tracks one alert per check and environment across runs. The class is stateless and thread-safe.</para>
/// </remarks>
public static partial class PostureSarifReport
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="writer"/>, followed by a newline.</summary>
    /// <param name="report">The checklist's results.</param>
    /// <param name="writer">Where the SARIF log goes.</param>
    /// <param name="fallbackArtifact">A repository-relative file that results naming no file are also located in,
    /// for GitHub code scanning; null for logical locations only.</param>
    /// <exception cref="ArgumentNullException"><paramref name="report"/> or <paramref name="writer"/> is null.</exception>
    public static void Write(PostureReport report, TextWriter writer, string? fallbackArtifact = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        var rules = report.Results
            .GroupBy(r => r.Id, StringComparer.Ordinal)
            .Select(g => g.First())
            .ToArray();
        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);

        var driverRules = new JsonArray([.. rules.Select(r => (JsonNode)new JsonObject
        {
            ["id"] = r.Id,
            ["name"] = RuleName(r.Title),
            ["shortDescription"] = new JsonObject { ["text"] = r.Title },
            ["fullDescription"] = new JsonObject { ["text"] = $"{r.Title} (keyward check {r.Id}, {ReportText.Name(r.Severity)})." },
            ["help"] = new JsonObject { ["text"] = Help(r) },
            ["defaultConfiguration"] = new JsonObject { ["level"] = SarifSeverity.Level(r.Severity) },
            ["properties"] = new JsonObject
            {
                ["tags"] = new JsonArray("security", "posture"),
                ["security-severity"] = SarifSeverity.Score(r.Severity),
                ["precision"] = "high",
            },
        })]);

        var results = new JsonArray([.. report.Results
            .Where(r => r.Status == CheckStatus.Fail)
            .Select(r => (JsonNode)new JsonObject
            {
                ["ruleId"] = r.Id,
                ["ruleIndex"] = ruleIndex[r.Id],
                ["level"] = SarifSeverity.Level(r.Severity),
                ["message"] = new JsonObject { ["text"] = Message(r) },
                ["locations"] = Locations(r, report, fallbackArtifact),
                ["partialFingerprints"] = new JsonObject { ["keywardCheck/v1"] = $"{r.Id}:{report.Environment}" },
                ["properties"] = new JsonObject
                {
                    ["severity"] = ReportText.Name(r.Severity),
                    ["evidence"] = JsonTree.Strings(r.Evidence),
                    ["fix"] = r.Fix,
                },
            })]);

        var run = SarifLog.Run(ReportText.ToolVersion, driverRules);

        // The category GitHub keeps apart from `keyward scan` uploads: one analysis per environment.
        run["automationDetails"] = new JsonObject { ["id"] = $"keyward-check/{report.Environment}/" };
        run["invocations"] = new JsonArray(new JsonObject
        {
            ["executionSuccessful"] = true,
            ["endTimeUtc"] = ReportText.IsoDate(report.GeneratedAt),
        });
        run["results"] = results;
        run["properties"] = new JsonObject
        {
            ["target"] = report.Target,
            ["environment"] = report.Environment,
            ["score"] = report.Score,
            ["skipped"] = new JsonArray([.. report.Results
                .Where(r => r.Status == CheckStatus.Skipped)
                .Select(r => (JsonNode)new JsonObject { ["id"] = r.Id, ["reason"] = r.Summary })]),
        };
        SarifLog.Write(writer, run);
    }

    private static JsonArray Locations(CheckResult result, PostureReport report, string? fallbackArtifact)
    {
        var files = result.Id is "KW001" or "KW002"
            ? result.Evidence.Select(FileOf).OfType<EvidenceFile>().Distinct().ToArray()
            : [];
        var logical = new JsonArray(new JsonObject
        {
            ["name"] = report.Target,
            ["kind"] = "resource",
        });
        if (files.Length > 0)
        {
            return new JsonArray([.. files.Select(f => (JsonNode)Physical(f))]);
        }

        var location = fallbackArtifact is { Length: > 0 }
            ? Physical(new EvidenceFile(fallbackArtifact, 1))
            : new JsonObject();
        location["logicalLocations"] = logical;
        return new JsonArray(location);
    }

    private static JsonObject Physical(EvidenceFile file)
    {
        var physical = new JsonObject
        {
            ["artifactLocation"] = new JsonObject
            {
                ["uri"] = Uri.EscapeDataString(file.Path).Replace("%2F", "/", StringComparison.Ordinal),
                ["uriBaseId"] = "%SRCROOT%",
            },
        };
        if (file.Line is { } line)
        {
            physical["region"] = new JsonObject { ["startLine"] = line };
        }

        return new JsonObject { ["physicalLocation"] = physical };
    }

    /// <summary>Reads the file named by a KW001 (<c>path:line rule</c>) or KW002 (<c>path: description</c>) evidence
    /// line; null when the line names no relative path.</summary>
    private static EvidenceFile? FileOf(string evidence)
    {
        var match = PathAndLine().Match(evidence);
        if (!match.Success)
        {
            match = PathOnly().Match(evidence);
        }

        if (!match.Success)
        {
            return null;
        }

        var path = match.Groups["path"].Value;
        if (Path.IsPathRooted(path) || path.Split('/').Contains(".."))
        {
            return null;
        }

        int? line = match.Groups["line"].Success && int.TryParse(match.Groups["line"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : null;
        return new EvidenceFile(path, line);
    }

    private static string Message(CheckResult result)
    {
        var text = new StringBuilder(result.Summary.TrimEnd('.')).Append('.');
        foreach (var line in result.Evidence)
        {
            text.Append('\n').Append("- ").Append(line);
        }

        if (!string.IsNullOrWhiteSpace(result.Fix))
        {
            text.Append("\nFix: ").Append(result.Fix);
        }

        return text.ToString();
    }

    private static string Help(CheckResult result) =>
        string.IsNullOrWhiteSpace(result.Fix)
            ? $"Rationale and fix: docs/checks.md ({result.Id})."
            : $"{result.Fix}\nRationale: docs/checks.md ({result.Id}).";

    /// <summary>A PascalCase name from the title, as SARIF suggests for <c>name</c>: "Keys are rotated" → "KeysAreRotated".</summary>
    private static string RuleName(string title)
    {
        var name = new StringBuilder(title.Length);
        var upper = true;
        foreach (var c in title)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                name.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else if (c != '\'')
            {
                upper = true;
            }
        }

        return name.ToString();
    }


    // KW001: "src/app.js:12 instantly-api-key (commit 0123456789ab)". The path is everything before the last
    // ":digits " ahead of a rule id, so a path holding a colon still parses.
    [GeneratedRegex(@"^(?<path>[^\s:][^\n]*?):(?<line>[1-9][0-9]{0,8}) [a-z0-9][a-z0-9-]*(?: \(commit [0-9a-f]+\))?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PathAndLine();

    // KW002: ".gitignore: .gitignore does not ignore .env", "config/.env: config/.env is committed; ...".
    [GeneratedRegex(@"^(?<path>[^\s:][^:\n]*): \S", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PathOnly();

    private sealed record EvidenceFile(string Path, int? Line);
}
