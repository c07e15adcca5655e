using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keyward.Sandbox.Http;
using Keyward.Sandbox.State;
using Keyward.Sandbox.Webhooks;
using Microsoft.AspNetCore.Http;

namespace Keyward.Sandbox.Salesloft;

/// <summary>The Salesloft subset (reference: salesloft-composio-webhooks.md, part A): <c>GET /v2/me</c>, webhook
/// subscriptions with a <c>callback_token</c>, deliveries signed with <c>x-salesloft-signature</c> (hex HMAC-SHA1 of
/// the raw body keyed by the token), and the 600-cost-per-minute team budget.</summary>
internal sealed class SalesloftApi(SandboxState state, WebhookDispatcher dispatcher, SandboxOptions options)
{
    /// <summary>The sandbox's own endpoint for injecting Salesloft events.</summary>
    public const string EventsPath = "/v2/sandbox/events";

    private const string Subscriptions = "salesloft-webhook-subscriptions";

    private readonly WorkspaceRateLimiter _budget = new(int.MaxValue, options.SalesloftCostPerMinute, options.TimeProvider);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var segments = (request.Path.Value ?? "/").Trim('/').Split('/');
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            await WriteAsync(context, 401, new JsonObject { ["error"] = SandboxAssumptions.SalesloftMissingTokenMessage }).ConfigureAwait(false);
            return;
        }

        if (BearerToken.Of(request) is not { } token
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(state.SalesloftKey)))
        {
            await WriteAsync(context, 401, new JsonObject { ["error"] = SandboxAssumptions.SalesloftInvalidTokenMessage }).ConfigureAwait(false);
            return;
        }

        var allowed = _budget.TryAcquire(out var retryAfter, out var remaining);
        context.Response.Headers["x-ratelimit-endpoint-cost"] = "1";
        context.Response.Headers["x-ratelimit-remaining-minute"] = remaining.ToString(CultureInfo.InvariantCulture);
        if (!allowed)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            await WriteAsync(context, 429, new JsonObject { ["error"] = "Rate limit exceeded" }).ConfigureAwait(false);
            return;
        }

        var body = await ReadAsync(request, context.RequestAborted).ConfigureAwait(false);
        (int Status, JsonNode? Body) response;
        var deliveries = new List<WebhookDelivery>();
        lock (state.Lock)
        {
            response = (request.Method, segments) switch
            {
                ("GET", ["v2", "me" or "me.json"]) => (200, new JsonObject { ["data"] = state.Salesloft["user"]!.DeepClone() }),
                ("GET", ["v2", "webhook_subscriptions"]) => List(request.Query["enabled"].ToString()),
                ("POST", ["v2", "webhook_subscriptions"]) => Create(body),
                ("GET", ["v2", "webhook_subscriptions", var id]) => Find(id) is { } s ? (200, Data(s)) : NotFound(),
                ("PUT", ["v2", "webhook_subscriptions", var id]) => Update(id, body),
                ("DELETE", ["v2", "webhook_subscriptions", var id]) => state[Subscriptions].Remove(id) ? (204, null) : NotFound(),
                ("POST", ["v2", "sandbox", "events"]) => Inject(body, deliveries),
                _ => NotFound(),
            };
            state.Save();
        }

        foreach (var delivery in deliveries)
        {
            dispatcher.Enqueue(delivery);
        }

        await WriteAsync(context, response.Status, response.Body).ConfigureAwait(false);
    }

    /// <summary>Signs a body as Salesloft does: lower-case hex HMAC-SHA1 keyed by the callback token.</summary>
    [SuppressMessage("Security", "CA5350:Do not use weak cryptographic algorithms", Justification = "Salesloft's documented webhook signature is HMAC-SHA1; the emulator must produce exactly it.")]
    public static string Sign(string callbackToken, string body) =>
        Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(callbackToken), Encoding.UTF8.GetBytes(body)));

    private (int, JsonNode?) List(string enabled) =>
        (200, new JsonObject
        {
            ["data"] = new JsonArray([.. state[Subscriptions].Items
                .Where(s => enabled.Length == 0 || string.Equals(((bool)s["enabled"]!).ToString(), enabled, StringComparison.OrdinalIgnoreCase))
                .Select(s => (JsonNode)Data(s)["data"]!.DeepClone())]),
        });

    private (int, JsonNode?) Create(JsonObject? body)
    {
        var errors = new JsonObject();
        foreach (var field in new[] { "event_type", "callback_url", "callback_token" })
        {
            if (body?[field] is not JsonValue value || !value.TryGetValue<string>(out var text) || text.Length == 0)
            {
                errors[field] = new JsonArray("can't be blank");
            }
        }

        if (errors.Count == 0 && !Uri.TryCreate((string)body!["callback_url"]!, UriKind.Absolute, out _))
        {
            errors["callback_url"] = new JsonArray("is not a valid URL");
        }

        if (errors.Count > 0)
        {
            return (422, new JsonObject { ["errors"] = errors });
        }

        var id = state[Subscriptions].Items.Select(s => (int)s["id"]!).DefaultIfEmpty(0).Max() + 1;
        var subscription = new JsonObject
        {
            ["id"] = id,
            ["event_type"] = (string)body!["event_type"]!,
            ["callback_url"] = (string)body["callback_url"]!,
            ["callback_token"] = (string)body["callback_token"]!,
            ["enabled"] = true,
            ["user_guid"] = state.Salesloft["user"]!["guid"]!.DeepClone(),
        };
        state[Subscriptions].Add(subscription);
        return (201, Data(subscription));
    }

    private (int, JsonNode?) Update(string id, JsonObject? body)
    {
        if (Find(id) is not { } subscription)
        {
            return NotFound();
        }

        if (body?["enabled"] is JsonValue enabled && enabled.TryGetValue<bool>(out var on))
        {
            subscription["enabled"] = on;
        }

        if (body?["callback_url"] is JsonValue url && url.TryGetValue<string>(out var target) && Uri.TryCreate(target, UriKind.Absolute, out _))
        {
            subscription["callback_url"] = target;
        }

        return (200, Data(subscription));
    }

    private (int, JsonNode?) Inject(JsonObject? body, List<WebhookDelivery> deliveries)
    {
        if ((string?)body?["event_type"] is not { Length: > 0 } eventType)
        {
            return (422, new JsonObject { ["errors"] = new JsonObject { ["event_type"] = new JsonArray("can't be blank") } });
        }

        var payload = body["data"] as JsonObject ?? new JsonObject { ["id"] = RandomNumberGenerator.GetInt32(1, int.MaxValue) };
        foreach (var subscription in state[Subscriptions].Items.Where(s => (bool)s["enabled"]! && (string?)s["event_type"] == eventType))
        {
            var delivery = new WebhookDelivery(
                WebhookVendor.Salesloft,
                subscription["id"]!.ToString(),
                (string)subscription["callback_url"]!,
                new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["x-salesloft-event"] = eventType },
                (JsonObject)payload.DeepClone(),
                options.SalesloftAttemptDelays);
            var signed = delivery with
            {
                Headers = new Dictionary<string, string>(delivery.Headers, StringComparer.OrdinalIgnoreCase)
                {
                    ["x-salesloft-signature"] = Sign((string)subscription["callback_token"]!, delivery.Body),
                },
            };
            deliveries.Add(signed);
        }

        return (200, new JsonObject { ["deliveries"] = deliveries.Count });
    }

    private JsonObject? Find(string id) => state[Subscriptions].TryGet(id, out var subscription) ? subscription : null;

    private static JsonObject Data(JsonObject subscription)
    {
        var copy = (JsonObject)subscription.DeepClone();
        if (!SandboxAssumptions.SalesloftEchoesCallbackToken)
        {
            copy.Remove("callback_token");
        }

        return new JsonObject { ["data"] = copy };
    }

    private static (int, JsonNode?) NotFound() => (404, new JsonObject { ["error"] = "Not Found" });

    private static async Task<JsonObject?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return request.ContentLength is 0 ? null : await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonNode? body)
    {
        context.Response.StatusCode = status;
        if (body is not null)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
        }
    }
}
