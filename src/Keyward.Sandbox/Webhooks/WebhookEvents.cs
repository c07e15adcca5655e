using System.Text.Json.Nodes;
using Keyward.Sandbox.State;

namespace Keyward.Sandbox.Webhooks;

/// <summary>Instantly's webhook event types and payloads (reference 4.2 and 4.3).</summary>
internal static class WebhookEvents
{
    /// <summary>The 19 subscription <c>event_type</c> values a webhook can be created with.</summary>
    public static readonly IReadOnlyList<string> SubscriptionTypes =
    [
        "all_events", "email_sent", "email_opened", "email_link_clicked", "reply_received", "email_bounced",
        "lead_unsubscribed", "campaign_completed", "account_error", "lead_neutral", "lead_interested",
        "lead_not_interested", "lead_meeting_booked", "lead_meeting_completed", "lead_closed", "lead_out_of_office",
        "lead_wrong_person", "lead_no_show", "supersearch_enrichment_completed",
    ];

    /// <summary>Subscription values whose payload spells the event differently.</summary>
    private static readonly Dictionary<string, string> PayloadNames = new(StringComparer.Ordinal) { ["email_link_clicked"] = "link_clicked" };

    /// <summary>Builds the deliveries of an event: one per active webhook subscribed to its type (or to
    /// <c>all_events</c>) and to its campaign (or to every campaign).</summary>
    public static IReadOnlyList<WebhookDelivery> Deliveries(SandboxState state, string eventType, JsonObject fields, DateTimeOffset now, IReadOnlyList<TimeSpan> attemptDelays)
    {
        var campaignId = (string?)fields["campaign_id"];
        var campaignName = campaignId is not null && state["campaigns"].TryGet(campaignId, out var campaign) ? (string?)campaign["name"] : null;
        var payload = new JsonObject
        {
            ["timestamp"] = SandboxState.Timestamp(now),
            ["event_type"] = PayloadNames.GetValueOrDefault(eventType, eventType),
            ["workspace"] = state.WorkspaceId,
            ["campaign_id"] = campaignId,
            ["campaign_name"] = campaignName,
        };
        foreach (var (name, value) in fields)
        {
            if (!payload.ContainsKey(name))
            {
                payload[name] = value?.DeepClone();
            }
        }

        return [.. state["webhooks"].Items
            .Where(w => (int?)w["status"] == 1)
            .Where(w => (string?)w["event_type"] is "all_events" || (string?)w["event_type"] == eventType)
            .Where(w => w["campaign"] is null || (string?)w["campaign"] == campaignId)
            .Select(w => new WebhookDelivery(
                WebhookVendor.Instantly,
                (string)w["id"]!,
                (string)w["target_hook_url"]!,
                (w["headers"] as JsonObject ?? []).ToDictionary(h => h.Key, h => (string?)h.Value ?? string.Empty, StringComparer.OrdinalIgnoreCase),
                (JsonObject)payload.DeepClone(),
                attemptDelays))];
    }
}
