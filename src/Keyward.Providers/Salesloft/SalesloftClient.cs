using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Keyward.Core.Secrets;

namespace Keyward.Providers.Salesloft;

/// <summary>A guarded Salesloft API v2 client: the token probe and webhook subscriptions.</summary>
/// <remarks>Register with <see cref="SalesloftServiceCollectionExtensions.AddSalesloft"/>. Every call passes the
/// team cost budget, retries, bearer auth from a secret reference, redaction and the audit sink. Thread-safe.</remarks>
public sealed class SalesloftClient
{
    private static readonly SalesloftJsonContext Json = SalesloftJsonContext.Default;

    private readonly HttpClient _http;
    private readonly SalesloftClientOptions _options;

    internal SalesloftClient(HttpClient http, SalesloftClientOptions options)
    {
        _http = http;
        _options = options;
    }

    /// <summary>Reads the user the token acts as; the cheapest proof that a token works.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user.</returns>
    public async Task<SalesloftUser> GetMeAsync(CancellationToken cancellationToken = default) =>
        Data(await SendAsync(HttpMethod.Get, "/v2/me", null, cancellationToken).ConfigureAwait(false), Json.SalesloftUser);

    /// <summary>Lists webhook subscriptions.</summary>
    /// <param name="enabled">Only enabled (true) or disabled (false) ones.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The subscriptions.</returns>
    public async Task<IReadOnlyList<WebhookSubscription>> ListWebhookSubscriptionsAsync(bool? enabled = null, CancellationToken cancellationToken = default) =>
        Data(
            await SendAsync(
                HttpMethod.Get,
                "/v2/webhook_subscriptions" + (enabled is null ? string.Empty : $"?enabled={(enabled.Value ? "true" : "false")}"),
                null,
                cancellationToken).ConfigureAwait(false),
            Json.ListWebhookSubscription);

    /// <summary>Subscribes a URL to an event; deliveries are signed with <paramref name="callbackToken"/>.</summary>
    /// <param name="eventType">For example <c>person_created</c>.</param>
    /// <param name="callbackUrl">Where deliveries go; use https.</param>
    /// <param name="callbackToken">A strong random secret, kept in a secret store and given to the receiver.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The subscription.</returns>
    public async Task<WebhookSubscription> CreateWebhookSubscriptionAsync(string eventType, Uri callbackUrl, SecretValue callbackToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        ArgumentNullException.ThrowIfNull(callbackUrl);
        ArgumentNullException.ThrowIfNull(callbackToken);
        var body = new JsonObject { ["event_type"] = eventType, ["callback_url"] = callbackUrl.ToString(), ["callback_token"] = callbackToken.Reveal() };
        return Data(await SendAsync(HttpMethod.Post, "/v2/webhook_subscriptions", body, cancellationToken).ConfigureAwait(false), Json.WebhookSubscription);
    }

    /// <summary>Enables or disables a subscription, or moves it to another URL.</summary>
    /// <param name="id">The subscription id.</param>
    /// <param name="enabled">The new state, or null to keep it.</param>
    /// <param name="callbackUrl">The new URL, or null to keep it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The subscription.</returns>
    public async Task<WebhookSubscription> UpdateWebhookSubscriptionAsync(long id, bool? enabled = null, Uri? callbackUrl = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject();
        if (enabled is not null)
        {
            body["enabled"] = enabled.Value;
        }

        if (callbackUrl is not null)
        {
            body["callback_url"] = callbackUrl.ToString();
        }

        return Data(await SendAsync(HttpMethod.Put, $"/v2/webhook_subscriptions/{id.ToString(CultureInfo.InvariantCulture)}", body, cancellationToken).ConfigureAwait(false), Json.WebhookSubscription);
    }

    /// <summary>Deletes a subscription.</summary>
    /// <param name="id">The subscription id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Salesloft confirmed.</returns>
    public Task DeleteWebhookSubscriptionAsync(long id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"/v2/webhook_subscriptions/{id.ToString(CultureInfo.InvariantCulture)}", null, cancellationToken);

    private static T Data<T>(JsonNode? response, JsonTypeInfo<T> dataType) =>
        (response?["data"] ?? throw new SalesloftApiException("Salesloft answered without a 'data' field")).Deserialize(dataType)!;

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }

        var said = SalesloftError(text) is { } error ? $"Salesloft said: {error}" : $"HTTP {(int)response.StatusCode}";
        throw new SalesloftApiException(response.StatusCode, response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => $"Salesloft rejected the token at {_options.ApiKey} for {method} {path}: revoked, expired or wrong? ({said})",
            HttpStatusCode.TooManyRequests => $"{method} {path}: still rate limited after {_options.MaxRetries} retries; the team's {_options.CostPerMinute} cost per minute is shared by every integration ({said})",
            _ => $"{method} {path} failed with {(int)response.StatusCode} ({said})",
        });
    }

    /// <summary>Salesloft's error shapes: <c>{"error": "..."}</c> or <c>{"errors": {"field": ["..."]}}</c>.</summary>
    private static string? SalesloftError(string text)
    {
        try
        {
            return JsonNode.Parse(text) switch
            {
                JsonObject { } o when o["error"] is JsonValue e => e.ToString(),
                JsonObject { } o when o["errors"] is JsonObject errors => string.Join("; ", errors.Select(f => $"{f.Key} {string.Join(", ", (f.Value as JsonArray ?? []).Select(m => m?.ToString()))}")),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
