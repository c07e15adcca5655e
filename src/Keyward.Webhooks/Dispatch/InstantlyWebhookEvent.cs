using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keyward.Webhooks.Dispatch;

/// <summary>An Instantly webhook payload, as documented: the base fields every event carries, the reply and email
/// fields some carry, and any other key (lead data) in <see cref="Extra"/>. For <see cref="IWebhookHandler{TEvent}"/>.</summary>
/// <remarks>Read by reflection, with <see cref="TypedWebhookHandler{TEvent}(IServiceProvider)"/>, so not for trimmed
/// or Native AOT apps: System.Text.Json's source generator cannot read this type as reflection does (it sets every
/// init-only property, so an absent field becomes null rather than empty, and cannot fill an init-only
/// <see cref="JsonExtensionDataAttribute"/> property). There, declare a payload type with settable properties in a
/// <c>JsonSerializerContext</c> and pass its metadata to
/// <see cref="TypedWebhookHandler{TEvent}(IServiceProvider, System.Text.Json.Serialization.Metadata.JsonTypeInfo{TEvent})"/>.</remarks>
public sealed record InstantlyWebhookEvent
{
    /// <summary>Gets the payload's event type (<c>reply_received</c>, <c>link_clicked</c>, or a custom label).</summary>
    public string EventType { get; init; } = string.Empty;

    /// <summary>Gets when it happened (ISO 8601 text, as sent).</summary>
    public string Timestamp { get; init; } = string.Empty;

    /// <summary>Gets the workspace id.</summary>
    public string Workspace { get; init; } = string.Empty;

    /// <summary>Gets the campaign id, when the event has one.</summary>
    public string? CampaignId { get; init; }

    /// <summary>Gets the campaign's name.</summary>
    public string? CampaignName { get; init; }

    /// <summary>Gets the lead's email address (personal data).</summary>
    public string? LeadEmail { get; init; }

    /// <summary>Gets the sending account.</summary>
    public string? EmailAccount { get; init; }

    /// <summary>Gets the sequence step.</summary>
    public int? Step { get; init; }

    /// <summary>Gets the step's variant.</summary>
    public int? Variant { get; init; }

    /// <summary>Gets the email's id (the reply-to uuid).</summary>
    public string? EmailId { get; init; }

    /// <summary>Gets a reply's first words.</summary>
    public string? ReplyTextSnippet { get; init; }

    /// <summary>Gets a reply's subject.</summary>
    public string? ReplySubject { get; init; }

    /// <summary>Gets a value indicating whether <see cref="EventType"/> is not one Instantly documents: a workspace's
    /// custom lead label, which Instantly sends as the raw label (<see cref="Receiver.WebhookPayloads.InstantlyEventTypes"/>
    /// lists the documented ones). Handlers that route on the event type can send labels to their own path.</summary>
    [JsonIgnore]
    public bool IsCustomLabel => !Receiver.WebhookPayloads.InstantlyEventTypes.Contains(EventType);

    /// <summary>Gets every other key of the payload, such as custom lead variables.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}
