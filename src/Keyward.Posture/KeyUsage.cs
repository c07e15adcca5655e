using System.Text.Json;
using Keyward.Core.Scopes;
using Keyward.Providers.Instantly;
using Keyward.Providers.Instantly.Client.Models;
using Keyward.Providers.Instantly.Planning;

namespace Keyward.Posture;

/// <summary>What one key did according to Instantly's audit log, and how its scopes compare with what that needed
/// (KW005, KW007 and the report's scope-risk chart).</summary>
/// <param name="Key">The key.</param>
/// <param name="Calls">How many of its calls the audit logs hold in the window read (Instantly's and the local one).</param>
/// <param name="Diff">Its scopes against the least-privilege plan of the operations it called; null when none of its
/// calls could be tied to an operation.</param>
internal sealed record KeyUsage(ApiKey Key, int Calls, ScopeDiff? Diff)
{
    /// <summary>Instantly's <c>activity_type</c> numbers (reference 4.5) as the operation that logs each one. An
    /// assumption kept in this one place: the API names the activity, not the call, so an activity that several
    /// operations log is tied to the most common of them.</summary>
    private static readonly Dictionary<int, string> OperationOfActivity = new()
    {
        [2] = "DELETE /api/v2/leads/{id}",
        [3] = "DELETE /api/v2/campaigns/{id}",
        [4] = "POST /api/v2/campaigns/{id}/activate",
        [5] = "POST /api/v2/campaigns/{id}/pause",
        [6] = "POST /api/v2/accounts",
        [7] = "DELETE /api/v2/accounts/{email}",
        [8] = "POST /api/v2/leads/move",
        [9] = "POST /api/v2/leads",
        [10] = "POST /api/v2/leads/merge",
        [11] = "PATCH /api/v2/campaigns/{id}",
        [18] = "POST /api/v2/webhooks",
        [19] = "PATCH /api/v2/webhooks/{id}",
        [21] = "POST /api/v2/webhooks/{id}/resume",
        [36] = "PATCH /api/v2/accounts/{email}",
        [37] = "POST /api/v2/api-keys",
        [38] = "DELETE /api/v2/api-keys/{id}",
    };

    /// <summary>Works out every key's usage from Instantly's audit log and the local one (the calls keyward's client
    /// made, by key id), leaving out the snapshot's own calls.</summary>
    /// <param name="snapshot">The keys and Instantly's audit log.</param>
    /// <param name="localCalls">The local audit log's Instantly calls: key id and operation.</param>
    /// <returns>One usage per key, in the keys' order; empty when either part is missing.</returns>
    public static IReadOnlyList<KeyUsage> Of(WorkspaceSnapshot snapshot, IReadOnlyList<LocalCall> localCalls)
    {
        if (snapshot.Keys.Value is not { } keys || snapshot.AuditLog.Value is not { } log)
        {
            return [];
        }

        var remote = log.Where(e => e.ApiKeyId is not null && e.Timestamp < snapshot.CollectedAt).Select(e => (KeyId: e.ApiKeyId!, Operation: OperationOf(e)));
        var local = localCalls.Where(c => c.At >= snapshot.AuditSince && c.At < snapshot.CollectedAt).Select(c => (c.KeyId, Operation: Find(c.Call)));
        var byKey = remote.Concat(local).ToLookup(c => c.KeyId, c => c.Operation, StringComparer.Ordinal);
        return [.. keys.Select(key =>
        {
            var calls = byKey[key.Id].ToArray();
            var operations = calls.OfType<InstantlyOperation>().DistinctBy(o => o.Key).ToArray();
            var held = new ScopeSet(key.Scopes.Select(s => Scope.TryParse(s, out var scope, out _) ? scope : null).OfType<Scope>());
            return new KeyUsage(key, calls.Length, operations.Length == 0 ? null : ScopePlanner.Diff(held, ScopePlanner.Plan(operations)));
        })];
    }

    /// <summary>The operation an entry records: the method and path of its details when present (the sandbox
    /// records them for every call), else the operation of its activity type.</summary>
    private static InstantlyOperation? OperationOf(AuditLogEntry entry)
    {
        if (entry.AuditMetadata is { ValueKind: JsonValueKind.Object } details
            && details.TryGetProperty("method", out var method) && method.GetString() is { } m
            && details.TryGetProperty("path", out var path) && path.GetString() is { } p
            && Find($"{m} {p}") is { } called)
        {
            return called;
        }

        return OperationOfActivity.TryGetValue(entry.ActivityType, out var key) ? Find(key) : null;
    }

    /// <summary>The catalog's operation for "METHOD /api/v2/path", or null.</summary>
    private static InstantlyOperation? Find(string call) =>
        call.Split(' ', 2) is [var method, var path] && InstantlyOperationCatalog.Default.TryFind(method, path, out var operation) ? operation : null;
}
