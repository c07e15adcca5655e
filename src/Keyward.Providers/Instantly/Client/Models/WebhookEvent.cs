using System.Text.Json;

namespace Keyward.Providers.Instantly.Client.Models;

/// <summary>One delivery attempt from the webhook-events log.</summary>
/// <param name="Id">The event id.</param>
/// <param name="Success">Whether the endpoint answered 2xx.</param>
/// <param name="RetryCount">0 for the first attempt.</param>
/// <param name="WillRetry">Whether another attempt follows.</param>
/// <param name="WebhookUrl">The target.</param>
/// <param name="StatusCode">The endpoint's status, when it answered.</param>
/// <param name="ErrorMessage">Why it failed.</param>
/// <param name="TimestampCreated">When.</param>
/// <param name="Payload">The delivered body (holds lead data: personal information).</param>
public sealed record WebhookEvent(
    string Id,
    bool Success,
    int RetryCount,
    bool WillRetry,
    string? WebhookUrl,
    int? StatusCode,
    string? ErrorMessage,
    DateTimeOffset? TimestampCreated,
    JsonElement? Payload);
