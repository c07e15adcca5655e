using System.Globalization;
using System.Text.Json.Nodes;
using Keyward.Audit;
using Keyward.Audit.Checkpoints;
using Keyward.Audit.Verification;
using Keyward.Core.Serialization;
using Spectre.Console;

namespace Keyward.Cli.Views;

/// <summary>Renders <c>keyward audit-log</c> results as text or as the JSON documented in docs/cli.md.</summary>
internal static class AuditView
{
    public static void Appended(CliConsole console, AuditEntry entry, bool json)
    {
        if (json)
        {
            console.Json(ToJson(entry));
            return;
        }

        console.Line($"appended #{entry.Sequence} {entry.Action} {entry.Resource} (hash {entry.HashHex[..16]})");
    }

    public static void Entries(CliConsole console, IReadOnlyList<AuditEntry> entries, bool json)
    {
        if (json)
        {
            console.Json(new JsonArray([.. entries.Select(ToJson)]));
            return;
        }

        foreach (var e in entries)
        {
            var result = e.Succeeded ? "ok" : $"FAILED{(e.Reason is null ? string.Empty : ": " + e.Reason)}";
            var source = e.Source == AuditEntry.LocalSource ? string.Empty : $" [{e.Source}]";
            console.Line($"#{e.Sequence} {Time(e.Timestamp)} {e.Actor} {e.Action} {e.Resource} {result}{source}");
        }
    }

    public static void Verification(CliConsole console, string store, AuditVerification verification, AuditCheckpoint? checkpoint, bool json)
    {
        if (json)
        {
            console.Json(new JsonObject
            {
                ["store"] = store,
                ["valid"] = verification.IsValid,
                ["entriesChecked"] = verification.EntriesChecked,
                ["headSequence"] = verification.HeadSequence,
                ["headHash"] = verification.HeadHash,
                ["checkpoint"] = checkpoint is null ? null : new JsonObject
                {
                    ["sequence"] = checkpoint.Sequence,
                    ["keyFingerprint"] = checkpoint.KeyFingerprint,
                },
                ["problem"] = verification.Problem is null ? null : new JsonObject
                {
                    ["sequence"] = verification.Problem.Sequence,
                    ["kind"] = verification.Problem.Kind.ToString(),
                    ["detail"] = verification.Problem.Detail,
                },
            }.WithoutNulls());
            return;
        }

        if (verification.Problem is { } problem)
        {
            console.Line($"TAMPERED: {store}: {problem.Kind} at entry {problem.Sequence}: {problem.Detail}.");
            console.Line($"{verification.EntriesChecked} entries before it verified. Keep the database as it is for investigation; compare with your latest export and checkpoint.");
            return;
        }

        var signed = checkpoint is null ? string.Empty : $"; checkpoint #{checkpoint.Sequence} signed by key {checkpoint.KeyFingerprint} holds";
        console.Line($"OK: {store}: {verification.EntriesChecked} entries verified, head #{verification.HeadSequence} {verification.HeadHash?[..16] ?? "(empty)"}{signed}.");
    }

    public static void Checkpoint(CliConsole console, AuditCheckpoint checkpoint, string path, bool json)
    {
        if (json)
        {
            console.Json(new JsonObject
            {
                ["path"] = path,
                ["sequence"] = checkpoint.Sequence,
                ["headHash"] = checkpoint.HeadHash,
                ["keyFingerprint"] = checkpoint.KeyFingerprint,
                ["created"] = checkpoint.Created,
            });
            return;
        }

        console.Line($"checkpoint of entry #{checkpoint.Sequence} ({checkpoint.HeadHash[..16]}) written to {path}");
        console.Line($"signing key fingerprint {checkpoint.KeyFingerprint}: keep a copy of the file, and the fingerprint, outside this machine.");
    }

    public static void Pulled(CliConsole console, int fetched, int imported, bool json)
    {
        if (json)
        {
            console.Json(new JsonObject { ["fetched"] = fetched, ["imported"] = imported });
            return;
        }

        console.Line($"fetched {fetched} Instantly audit-log entries, imported {imported} new.");
    }

    public static void Activity(CliConsole console, IReadOnlyList<AuditActivity> rows, bool json)
    {
        if (json)
        {
            console.Json(new JsonArray([.. rows.Select(r => new JsonObject
            {
                ["actor"] = r.Actor,
                ["action"] = r.Action,
                ["count"] = r.Count,
                ["failures"] = r.Failures,
                ["first"] = r.First,
                ["last"] = r.Last,
            })]));
            return;
        }

        var table = console.Table("ACTOR", "ACTION", "COUNT", "FAILURES", "FIRST", "LAST");
        foreach (var row in rows)
        {
            table.AddTextRow(row.Actor, row.Action, row.Count.ToString(CultureInfo.InvariantCulture), row.Failures.ToString(CultureInfo.InvariantCulture), Time(row.First), Time(row.Last));
        }

        console.Write(table);
        console.Line($"{rows.Sum(r => r.Count)} entries by {rows.Select(r => r.Actor).Distinct().Count()} actors.");
    }

    private static JsonObject ToJson(AuditEntry e) => new JsonObject
    {
        ["sequence"] = e.Sequence,
        ["timestamp"] = e.Timestamp,
        ["actor"] = e.Actor,
        ["action"] = e.Action,
        ["resource"] = e.Resource,
        ["result"] = e.Succeeded ? "success" : "failure",
        ["reason"] = e.Reason,
        ["metadata"] = JsonNode.Parse(e.Metadata),
        ["source"] = e.Source,
        ["sourceId"] = e.SourceId,
        ["previousHash"] = Convert.ToHexStringLower(e.PreviousHash),
        ["hash"] = e.HashHex,
    }.WithoutNulls();

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
