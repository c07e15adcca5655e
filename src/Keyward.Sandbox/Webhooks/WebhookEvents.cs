using System.Text.Json.Nodes;
using Keyward.Providers.Instantly;
using Keyward.Sandbox.State;

namespace Keyward.Sandbox.Webhooks;

/// <summary>Instantly's webhook event types and payloads (reference 4.2 and 4.3).</summary>
internal static class WebhookEvents
{
    /// <summary>The 19 subscription <c>event_type</c> values a webhook can be created with.</summary>
    public static IReadOnlyList<string> SubscriptionTypes => InstantlyWebhookEventTypes.Subscription;

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
