namespace Keyward.Providers.Instantly.Client.Models;

/// <summary>The fields to create a webhook with, or to change (null fields are left as they are).</summary>
/// <param name="TargetHookUrl">Where events go; use https.</param>
/// <param name="EventType">One of the 19 subscription types, <c>all_events</c> for all.</param>
/// <param name="Name">A name.</param>
/// <param name="Campaign">Only this campaign's events; null for all.</param>
/// <param name="Headers">Headers sent with every delivery: put a shared secret here and verify it.</param>
public sealed record WebhookDefinition(
    string? TargetHookUrl = null,
    string? EventType = null,
    string? Name = null,
    string? Campaign = null,
    IReadOnlyDictionary<string, string>? Headers = null);
