using System.Text.Json.Nodes;

namespace Keyward.Sandbox.Webhooks;

/// <summary>One event to POST to one webhook, with the webhook's configured headers.</summary>
internal sealed record WebhookDelivery(string WebhookId, string Url, IReadOnlyDictionary<string, string> Headers, JsonObject Payload);
