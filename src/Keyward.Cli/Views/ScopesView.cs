using System.Text.Json.Nodes;
using Keyward.Core;
using Keyward.Core.Serialization;
using Keyward.Providers.Instantly;
using Keyward.Providers.Instantly.Inference;
using Keyward.Providers.Instantly.Planning;
using Spectre.Console;

namespace Keyward.Cli.Views;

/// <summary>Renders <c>keyward scopes</c> results as text or as the JSON documented in docs/cli.md.</summary>
internal static class ScopesView
{
    private const string InferredNote =
        "Operations marked (inferred) have no documented scope; Keyward infers it from the resource and action (docs/scopes.md).";

    public static void Scopes(CliConsole console, IReadOnlyList<ScopeRisk> risks, bool json)
    {
        if (json)
        {
            console.Json(new JsonArray([.. risks.Select(ToJson)]));
            return;
        }

        var table = console.Table("SCOPE", "RISK", "WHY");
        foreach (var risk in risks.OrderByDescending(r => r.Level).ThenBy(r => r.Scope))
        {
            table.AddRow(new Text(risk.Scope.ToString()), Level(risk.Level), new Text(risk.Reason));
        }

        console.Write(table);
        console.Line($"{risks.Count} scopes. 'keyward scopes explain SCOPE' lists the operations one allows.");
    }

    public static void Operations(CliConsole console, IReadOnlyList<InstantlyOperation> operations, bool json)
    {
        if (json)
        {
            console.Json(new JsonArray([.. operations.Select(ToJson)]));
            return;
        }

        var table = console.Table("METHOD", "PATH", "SCOPE", "SUMMARY");
        foreach (var operation in operations)
        {
            table.AddTextRow(operation.Method, operation.PathTemplate, ScopeLabel(operation), operation.Summary);
        }

        console.Write(table);
        console.Line($"{operations.Count} operations. Each is also allowed by <resource>:all, all:<action> and all:all.");
        if (operations.Any(o => o.IsScopeInferred))
        {
            console.Line(InferredNote);
        }
    }

    public static void Explain(CliConsole console, ScopeRisk risk, IReadOnlyList<InstantlyOperation> allowed, bool json)
    {
        if (json)
        {
            console.Json(new JsonObject { ["scope"] = ToJson(risk), ["operations"] = new JsonArray([.. allowed.Select(ToJson)]) });
            return;
        }

        console.Heading($"{risk.Scope}: risk {Name(risk.Level)}");
        console.Line(Capitalize(risk.Reason) + ".");
        console.Line();
        if (allowed.Count == 0)
        {
            console.Line("No public API v2 operation requires this scope; a key gains nothing from it but risk.");
            return;
        }

        console.Line($"Allows {allowed.Count} operation{(allowed.Count == 1 ? string.Empty : "s")}:");
        var table = console.Table("METHOD", "PATH", "NEEDS", "SUMMARY");
        foreach (var operation in allowed)
        {
            table.AddTextRow(operation.Method, operation.PathTemplate, ScopeLabel(operation), operation.Summary);
        }

        console.Write(table);
        if (allowed.Any(o => o.IsScopeInferred))
        {
            console.Line(InferredNote);
        }
    }

    public static void Plan(CliConsole console, ScopePlan plan, bool json)
    {
        if (json)
        {
            console.Json(ToJson(plan));
            return;
        }

        console.Heading($"Least-privilege scopes for {plan.Operations.Count} operation{(plan.Operations.Count == 1 ? string.Empty : "s")}:");
        WritePlanTable(console, plan.Scopes);
        console.Line();
        console.Line($"Create the key with: {plan.ScopeSet}");
        if (plan.Operations.Any(o => o.IsScopeInferred))
        {
            console.Line(InferredNote);
        }
    }

    public static void Diff(CliConsole console, ScopeDiff diff, bool json)
    {
        if (json)
        {
            console.Json(new JsonObject
            {
                ["exact"] = diff.IsExact,
                ["missing"] = new JsonArray([.. diff.Missing.Select(ToJson)]),
                ["excess"] = new JsonArray([.. diff.Excess.Select(e => new JsonObject
                {
                    ["scope"] = e.Risk.Scope.ToString(),
                    ["risk"] = KeywardJson.EnumValue(e.Risk.Level),
                    ["reason"] = e.Risk.Reason,
                    ["replaceWith"] = JsonTree.Strings(e.ReplaceWith.Select(r => r.Scope.ToString())),
                })]),
                ["matched"] = JsonTree.Strings(diff.Matched.Select(m => m.Scope.ToString())),
                ["leastPrivilege"] = diff.Plan.ScopeSet.ToString(),
            });
            return;
        }

        if (diff.Missing.Count > 0)
        {
            console.Heading($"Missing ({diff.Missing.Count}): calls needing these will fail with 403");
            WritePlanTable(console, diff.Missing);
            console.Line();
        }

        if (diff.Excess.Count > 0)
        {
            console.Heading($"Excess ({diff.Excess.Count}): held but not needed; remove them");
            var table = console.Table("SCOPE", "RISK", "WHY", "REPLACE WITH");
            foreach (var excess in diff.Excess)
            {
                var replacement = excess.ReplaceWith.Count == 0 ? "(nothing: unused)" : string.Join(' ', excess.ReplaceWith.Select(r => r.Scope));
                table.AddRow(new Text(excess.Risk.Scope.ToString()), Level(excess.Risk.Level), new Text(excess.Risk.Reason), new Text(replacement));
            }

            console.Write(table);
            console.Line();
        }

        if (diff.Matched.Count > 0)
        {
            console.Line($"Held and needed: {string.Join(' ', diff.Matched.Select(m => m.Scope))}");
        }

        console.Line(diff.IsExact
            ? "The key holds exactly the least-privilege scopes."
            : $"{diff.Missing.Count} missing, {diff.Excess.Count} excess{(diff.WorstExcess is { } worst ? $" (worst risk {Name(worst)})" : string.Empty)}. Least privilege: {diff.Plan.ScopeSet}");
    }

    public static void Infer(CliConsole console, InferenceReport report, bool json)
    {
        if (json)
        {
            console.Json(new JsonObject
            {
                ["filesScanned"] = report.FilesScanned,
                ["callSites"] = new JsonArray([.. report.CallSites.Select(c => new JsonObject
                {
                    ["file"] = c.File,
                    ["line"] = c.Line,
                    ["column"] = c.Column,
                    ["method"] = c.Method,
                    ["path"] = c.Path,
                    ["operationId"] = c.Operation?.OperationId,
                    ["template"] = c.Operation?.PathTemplate,
                    ["scope"] = c.Operation?.RequiredScope.ToString(),
                    ["inferred"] = c.Operation?.IsScopeInferred,
                    ["problem"] = c.Problem,
                }.WithoutNulls())]),
                ["plan"] = ToJson(report.Plan),
                ["skipped"] = new JsonArray([.. report.Skipped.Select(s => new JsonObject { ["file"] = s.File, ["reason"] = s.Reason })]),
            });
            return;
        }

        var resolved = report.CallSites.Where(c => c.Operation is not null).ToArray();
        console.Line($"Scanned {report.FilesScanned} file{(report.FilesScanned == 1 ? string.Empty : "s")}; found {report.CallSites.Count} Instantly API call site{(report.CallSites.Count == 1 ? string.Empty : "s")}.");
        if (resolved.Length > 0)
        {
            console.Line();
            var table = console.Table("LOCATION", "METHOD", "OPERATION", "SCOPE");
            foreach (var site in resolved)
            {
                table.AddTextRow(site.Location, site.Method!, site.Operation!.PathTemplate, ScopeLabel(site.Operation));
            }

            console.Write(table);
        }

        var unresolved = report.Unresolved;
        if (unresolved.Count > 0)
        {
            console.Line();
            console.Heading($"Unresolved ({unresolved.Count}): not counted in the plan; check them by hand");
            var table = console.Table("LOCATION", "METHOD", "PATH", "PROBLEM");
            foreach (var site in unresolved)
            {
                table.AddTextRow(site.Location, site.Method ?? "?", site.Path, site.Problem!);
            }

            console.Write(table);
        }

        foreach (var skipped in report.Skipped)
        {
            console.Error.WriteLine($"skipped {skipped.File}: {skipped.Reason}");
        }

        console.Line();
        if (report.Plan.Scopes.Count == 0)
        {
            console.Line("No resolved call sites, so no scopes are needed.");
            return;
        }

        WritePlanTable(console, report.Plan.Scopes);
        console.Line();
        console.Line($"Least-privilege scopes: {report.Plan.ScopeSet}");
        if (resolved.Any(c => c.Operation!.IsScopeInferred))
        {
            console.Line(InferredNote);
        }
    }

    private static void WritePlanTable(CliConsole console, IReadOnlyList<PlannedScope> scopes)
    {
        var table = console.Table("SCOPE", "RISK", "NEEDED BY");
        foreach (var planned in scopes)
        {
            var operations = string.Join(Environment.NewLine, planned.Operations.Select(o => o.IsScopeInferred ? $"{o.Key} (inferred)" : o.Key));
            table.AddRow(new Text(planned.Scope.ToString()), Level(planned.Risk.Level), new Text(operations));
        }

        console.Write(table);
    }

    private static string ScopeLabel(InstantlyOperation operation) => operation.Evidence switch
    {
        ScopeEvidence.Inferred => $"{operation.RequiredScope} (inferred)",
        ScopeEvidence.DocumentedInGuide => $"{operation.RequiredScope} (guide; wildcards inferred)",
        _ => operation.RequiredScope.ToString(),
    };

    private static Text Level(Severity level) => CliConsole.Severity(Name(level), level);

    private static string Name(Severity level) => level.ToString().ToLowerInvariant();

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static JsonObject ToJson(ScopeRisk risk) => new()
    {
        ["scope"] = risk.Scope.ToString(),
        ["risk"] = KeywardJson.EnumValue(risk.Level),
        ["reason"] = risk.Reason,
    };

    private static JsonObject ToJson(InstantlyOperation operation) => new JsonObject
    {
        ["method"] = operation.Method,
        ["path"] = operation.PathTemplate,
        ["operationId"] = operation.OperationId,
        ["summary"] = operation.Summary,
        ["requiredScope"] = operation.RequiredScope.ToString(),
        ["acceptedScopes"] = JsonTree.Strings(operation.AcceptedScopes.Select(s => s.ToString())),
        ["evidence"] = KeywardJson.EnumValue(operation.Evidence),
        ["inferred"] = operation.IsScopeInferred,
    }.WithoutNulls();

    private static JsonObject ToJson(PlannedScope planned) => new()
    {
        ["scope"] = planned.Scope.ToString(),
        ["risk"] = KeywardJson.EnumValue(planned.Risk.Level),
        ["reason"] = planned.Risk.Reason,
        ["inferred"] = planned.IsInferred,
        ["operations"] = JsonTree.Strings(planned.Operations.Select(o => o.Key)),
    };

    private static JsonObject ToJson(ScopePlan plan) => new()
    {
        ["scopes"] = plan.ScopeSet.ToString(),
        ["plan"] = new JsonArray([.. plan.Scopes.Select(ToJson)]),
        ["operations"] = new JsonArray([.. plan.Operations.Select(ToJson)]),
    };
}
