using System.Globalization;
using Keyward.Core.Auditing;
using Keyward.Providers.Instantly.Client;
using Keyward.Providers.Instantly.Client.Models;

namespace Keyward.Audit.Import;

/// <summary>Imports Instantly's own audit log (<c>GET /api/v2/audit-logs</c>, 1000 per page) into the local log:
/// idempotent by Instantly's entry id, resumable from the newest imported timestamp, oldest entries first.</summary>
public sealed class InstantlyAuditImporter(InstantlyClient instantly, AuditLog log)
{
    private const int PageSize = 1000;

    /// <summary>Instantly's activity numbers (reference 4.5) as action suffixes.</summary>
    private static readonly Dictionary<int, string> Activities = new()
    {
        [0] = "api_request",
        [1] = "user_login",
        [2] = "lead_deleted",
        [3] = "campaign_deleted",
        [4] = "campaign_launched",
        [5] = "campaign_paused",
        [6] = "account_added",
        [7] = "account_deleted",
        [8] = "lead_moved",
        [9] = "lead_added",
        [10] = "lead_merged",
        [11] = "campaign_updated",
        [12] = "subsequence_updated",
        [18] = "webhook_created",
        [19] = "webhook_updated",
        [20] = "webhook_marked_as_error",
        [21] = "webhook_resumed",
        [22] = "totp_enrollment_started",
        [23] = "totp_enabled",
        [24] = "totp_replacement_started",
        [25] = "totp_replaced",
        [26] = "totp_disabled",
        [27] = "mfa_recovery_codes_generated",
        [28] = "mfa_recovery_code_used",
        [29] = "mfa_challenge_failed",
        [30] = "mfa_challenge_failed_too_often",
        [31] = "mfa_login_succeeded",
        [32] = "subscriber_import_started",
        [33] = "subscriber_import_cancelled",
        [34] = "lead_exported",
        [35] = "supersearch_enrichment_created",
        [36] = "account_updated",
        [37] = "api_key_created",
        [38] = "api_key_deleted",
    };

    /// <summary>The action of the entry each pull appends, with how many entries it fetched and imported.</summary>
    public const string PullAction = "audit.pull";

    /// <summary>Fetches everything since the newest imported entry and appends what is new.</summary>
    /// <param name="workspace">A label for the workspace, kept in each entry's metadata, or null.</param>
    /// <param name="cancellationToken">Stops between pages.</param>
    /// <returns>How many entries were fetched and how many were new.</returns>
    public async Task<(int Fetched, int Imported)> PullAsync(string? workspace = null, CancellationToken cancellationToken = default)
    {
        var since = await log.LatestAsync(AuditEntry.InstantlySource, cancellationToken).ConfigureAwait(false);
        var fetched = new List<AuditLogEntry>();
        await foreach (var entry in InstantlyClient.ReadAllAsync(
            (cursor, ct) => instantly.ListAuditLogsAsync(new AuditLogQuery(Limit: PageSize, StartingAfter: cursor, StartDate: since), ct),
            cancellationToken).ConfigureAwait(false))
        {
            if (since is null || entry.Timestamp >= since)
            {
                fetched.Add(entry);
            }
        }

        var records = fetched
            .OrderBy(e => e.Timestamp)
            .ThenBy(e => e.Id, StringComparer.Ordinal)
            .Select(e => (ToRecord(e, workspace), e.Id));
        var imported = await log.ImportAsync(records, AuditEntry.InstantlySource, cancellationToken).ConfigureAwait(false);

        // Recorded even when nothing was new: `keyward check` (KW011) asks when the log was last pulled.
        await log.AppendAsync(
            new AuditRecord(
                log.Clock.GetUtcNow(),
                "keyward audit-log pull",
                PullAction,
                "instantly audit log",
                true,
                null,
                new Dictionary<string, string> { ["fetched"] = fetched.Count.ToString(CultureInfo.InvariantCulture), ["imported"] = imported.ToString(CultureInfo.InvariantCulture) }),
            cancellationToken).ConfigureAwait(false);
        return (fetched.Count, imported);
    }

    private static AuditRecord ToRecord(AuditLogEntry entry, string? workspace)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["activity_type"] = entry.ActivityType.ToString(CultureInfo.InvariantCulture),
        };
        Add(metadata, "ip_address", entry.IpAddress);
        Add(metadata, "from_api", entry.FromApi?.ToString(CultureInfo.InvariantCulture).ToLowerInvariant());
        Add(metadata, "workspace", workspace);
        Add(metadata, "audit_metadata", entry.AuditMetadata?.GetRawText());
        var details = entry.AuditMetadata;
        string? method = null, path = null;
        int? status = null;
        if (details is { ValueKind: System.Text.Json.JsonValueKind.Object } d)
        {
            method = d.TryGetProperty("method", out var m) ? m.GetString() : null;
            path = d.TryGetProperty("path", out var p) ? p.GetString() : null;
            status = d.TryGetProperty("status_code", out var s) && s.TryGetInt32(out var code) ? code : null;
        }

        var resource = method is not null && path is not null ? $"{method} {path}"
            : entry.CampaignId is not null ? $"campaign {entry.CampaignId}"
            : entry.WebhookId is not null ? $"webhook {entry.WebhookId}"
            : "workspace";
        var actor = entry.ApiKeyId is not null ? $"instantly-key:{entry.ApiKeyId}" : entry.UserId is not null ? $"instantly-user:{entry.UserId}" : "instantly";
        var action = "instantly.activity." + (Activities.TryGetValue(entry.ActivityType, out var name) ? name : entry.ActivityType.ToString(CultureInfo.InvariantCulture));
        var succeeded = status is null or < 400;
        return new AuditRecord(entry.Timestamp, actor, action, resource, succeeded, succeeded ? null : $"HTTP {status}", metadata);
    }

    private static void Add(Dictionary<string, string> metadata, string name, string? value)
    {
        if (value is not null)
        {
            metadata[name] = value;
        }
    }
}
