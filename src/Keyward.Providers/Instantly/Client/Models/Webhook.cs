namespace Keyward.Providers.Instantly.Client.Models;

/// <summary>A webhook subscription. <see cref="Headers"/> is the only delivery authentication Instantly offers.</summary>
/// <param name="Id">The webhook id.</param>
/// <param name="Name">Its name.</param>
/// <param name="TargetHookUrl">Where events are POSTed.</param>
/// <param name="EventType">The subscribed event type (<c>all_events</c> for all), or null for custom labels.</param>
/// <param name="Campaign">The campaign filter, or null for all campaigns.</param>
/// <param name="Headers">Headers sent with every delivery (secret-bearing: do not log).</param>
/// <param name="Status">1 active, -1 disabled after failed deliveries.</param>
/// <param name="TimestampError">When it was disabled.</param>
public sealed record Webhook(
    string Id,
    string? Name,
    string TargetHookUrl,
    string? EventType,
    string? Campaign,
    IReadOnlyDictionary<string, string>? Headers,
    int? Status,
    DateTimeOffset? TimestampError)
{
    /// <summary>Gets a value indicating whether Instantly disabled the webhook after failed deliveries.</summary>
    public bool IsDisabled => Status == -1;

    /// <inheritdoc/>
    public override string ToString() => $"webhook {Id} -> {TargetHookUrl} ({EventType}, {Headers?.Count ?? 0} headers, not shown)";
}
