using System.Net;
using Keyward.Providers.Instantly.Client;
using Keyward.Providers.Instantly.Client.Models;

namespace Keyward.Posture;

/// <summary>What <c>keyward check</c> reads from an Instantly workspace, each part read once for every check, with the
/// reason a part could not be read (usually a scope the key lacks: the <c>posture-audit</c> preset has them all).</summary>
public sealed class WorkspaceSnapshot
{
    /// <summary>The most audit-log entries read (Instantly's API returns up to 1000 a page).</summary>
    public const int MaxAuditEntries = 20_000;

    internal WorkspaceSnapshot()
    {
    }

    /// <summary>Gets the workspace.</summary>
    public required Collected<Workspace> Workspace { get; init; }

    /// <summary>Gets the API keys.</summary>
    public required Collected<IReadOnlyList<ApiKey>> Keys { get; init; }

    /// <summary>Gets the webhooks.</summary>
    public required Collected<IReadOnlyList<Webhook>> Webhooks { get; init; }

    /// <summary>Gets the members.</summary>
    public required Collected<IReadOnlyList<WorkspaceMember>> Members { get; init; }

    /// <summary>Gets the block list.</summary>
    public required Collected<IReadOnlyList<BlockListEntry>> BlockList { get; init; }

    /// <summary>Gets Instantly's audit log since <see cref="AuditSince"/>, newest first.</summary>
    public required Collected<IReadOnlyList<AuditLogEntry>> AuditLog { get; init; }

    /// <summary>Gets the start of the audit-log window read.</summary>
    public DateTimeOffset AuditSince { get; init; }

    /// <summary>Gets when the reading started. Audit-log entries from then on are the snapshot's own calls, which say
    /// nothing about what the key is for, so least-privilege analysis leaves them out.</summary>
    public DateTimeOffset CollectedAt { get; init; }

    /// <summary>Reads every part, recording what could not be read instead of failing.</summary>
    /// <param name="client">A client whose key has the <c>posture-audit</c> preset's read scopes.</param>
    /// <param name="auditSince">How far back to read the audit log.</param>
    /// <param name="time">The clock; the default value is <see cref="TimeProvider.System"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The snapshot.</returns>
    public static async Task<WorkspaceSnapshot> CollectAsync(InstantlyClient client, DateTimeOffset auditSince, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var collectedAt = (time ?? TimeProvider.System).GetUtcNow();
        return new WorkspaceSnapshot
        {
            CollectedAt = collectedAt,
            Workspace = await ReadAsync(ct => client.GetWorkspaceAsync(ct), "workspaces:read", cancellationToken).ConfigureAwait(false),
            Keys = await ReadAllAsync<ApiKey>((c, ct) => client.ListApiKeysAsync(100, c, ct), "api_keys:read", int.MaxValue, cancellationToken).ConfigureAwait(false),
            Webhooks = await ReadAllAsync<Webhook>((c, ct) => client.ListWebhooksAsync(100, c, ct), "webhooks:read", int.MaxValue, cancellationToken).ConfigureAwait(false),
            Members = await ReadAllAsync<WorkspaceMember>((c, ct) => client.ListWorkspaceMembersAsync(100, c, ct), "workspace_members:read", int.MaxValue, cancellationToken).ConfigureAwait(false),
            BlockList = await ReadAllAsync<BlockListEntry>((c, ct) => client.ListBlockListEntriesAsync(100, c, ct), "block_list_entries:read", int.MaxValue, cancellationToken).ConfigureAwait(false),
            AuditLog = await ReadAllAsync<AuditLogEntry>((c, ct) => client.ListAuditLogsAsync(new AuditLogQuery(Limit: 1000, StartingAfter: c, StartDate: auditSince), ct), "audit_logs:read", MaxAuditEntries, cancellationToken).ConfigureAwait(false),
            AuditSince = auditSince,
        };
    }

    private static async Task<Collected<T>> ReadAsync<T>(Func<CancellationToken, Task<T>> read, string scope, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return new Collected<T>(await read(cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception e) when (Unavailable(e, scope) is { } reason)
        {
            return new Collected<T>(null, reason);
        }
    }

    private static Task<Collected<IReadOnlyList<T>>> ReadAllAsync<T>(Func<string?, CancellationToken, Task<Page<T>>> page, string scope, int max, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<T>>(
            async ct =>
            {
                var items = new List<T>();
                await foreach (var item in InstantlyClient.ReadAllAsync(page, ct).ConfigureAwait(false))
                {
                    items.Add(item);
                    if (items.Count >= max)
                    {
                        break;
                    }
                }

                return items;
            },
            scope,
            cancellationToken);

    /// <summary>Says why a read failed in terms of what would fix it, or null for an error that is not about access.</summary>
    private static string? Unavailable(Exception e, string scope) => e switch
    {
        ScopeDeniedException or InstantlyApiException { StatusCode: HttpStatusCode.Forbidden } => $"the key lacks {scope} (give it the posture-audit preset: keyward scopes plan --preset posture-audit)",
        PaymentRequiredException => "the workspace's plan does not include this API (HTTP 402)",
        InstantlyApiException { StatusCode: HttpStatusCode.Unauthorized } => "Instantly rejected the key (HTTP 401); check --admin-secret",
        HttpRequestException http => $"Instantly could not be reached ({http.HttpRequestError})",
        InstantlyApiException api => $"Instantly answered {(int?)api.StatusCode}: {api.Message}",
        _ => null,
    };
}
