using System.Text.Json.Nodes;

namespace Keyward.Sandbox.Webhooks;

/// <summary>One event to POST to one webhook, with the webhook's headers and the vendor's retry schedule.</summary>
/// <param name="Vendor">Whose delivery rules apply: Instantly logs attempts and disables failing webhooks.</param>
/// <param name="WebhookId">The webhook or subscription id.</param>
/// <param name="Url">Where to POST.</param>
/// <param name="Headers">Headers sent with the body (auth headers, signatures).</param>
/// <param name="Payload">The event.</param>
/// <param name="AttemptDelays">The wait before each attempt.</param>
internal sealed record WebhookDelivery(
    WebhookVendor Vendor,
    string WebhookId,
    string Url,
    IReadOnlyDictionary<string, string> Headers,
    JsonObject Payload,
    IReadOnlyList<TimeSpan> AttemptDelays)
{
    /// <summary>Gets the exact bytes sent (as text), fixed once so that a signature over them stays valid.</summary>
    public string Body { get; } = Payload.ToJsonString();
}
