using System.Text.Json;

namespace Keyward.Providers.Instantly.Client.Models;

/// <summary>One entry of Instantly's audit log.</summary>
/// <param name="Id">The entry id (the import key).</param>
/// <param name="Timestamp">When.</param>
/// <param name="ActivityType">Instantly's activity number (37 API key created, 18 webhook created, ...).</param>
/// <param name="ApiKeyId">The key that acted, for API activity.</param>
/// <param name="UserId">The user that acted, for app activity.</param>
/// <param name="IpAddress">Where from.</param>
/// <param name="FromApi">Whether through the API.</param>
/// <param name="CampaignId">The campaign concerned.</param>
/// <param name="WebhookId">The webhook concerned.</param>
/// <param name="AuditMetadata">Instantly's sanitized details.</param>
public sealed record AuditLogEntry(
    string Id,
    DateTimeOffset Timestamp,
    int ActivityType,
    string? ApiKeyId,
    string? UserId,
    string? IpAddress,
    bool? FromApi,
    string? CampaignId,
    string? WebhookId,
    JsonElement? AuditMetadata);
