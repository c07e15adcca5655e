using System.Text.Json;
using System.Text.Json.Nodes;
using Keyward.Core.Scopes;
using Keyward.Providers.Instantly;
using Keyward.Sandbox.Api;
using Keyward.Sandbox.State;
using Keyward.Sandbox.Webhooks;
using Microsoft.AspNetCore.Http;

namespace Keyward.Sandbox.Http;

/// <summary>Every <c>/api/v2</c> request passes here, in Instantly's order: route → bearer key (401) → workspace rate
/// limit (429) → scope check against the operation catalog (403 naming the accepted scopes) → handler, or 501 for an
/// operation the sandbox does not model. Every authenticated call lands in the audit log.</summary>
internal sealed class InstantlyGate(
    SandboxState state,
    InstantlyApi api,
    WorkspaceRateLimiter limiter,
    WebhookDispatcher dispatcher,
    TimeProvider time)
{
    private const int MaxBodyBytes = 1 << 20;

    private static readonly InstantlyOperationCatalog Catalog = InstantlyOperationCatalog.Default;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (!Catalog.TryFind(request.Method, path, out var operation))
        {
            await WriteAsync(context, SandboxResponse.NotFound($"Route {request.Method}:{path} not found")).ConfigureAwait(false);
            return;
        }

        var (body, bodyIsValid) = await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
        SandboxRequest? call = null;
        SandboxResponse response;
        lock (state.Lock)
        {
            response = Authorize(request, operation, out var key) ?? Execute(operation, path, request, body, bodyIsValid, key!, out call);
            if (key is not null)
            {
                Audit(context, operation, key, call, response);
                state.Save();
            }
        }

        foreach (var delivery in call?.Outbox ?? [])
        {
            dispatcher.Enqueue(delivery);
        }

        await WriteAsync(context, response).ConfigureAwait(false);
    }

    private SandboxResponse? Authorize(HttpRequest request, InstantlyOperation operation, out JsonObject? key)
    {
        key = null;
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return SandboxResponse.Error(401, "Missing Authorization header");
        }

        if (BearerToken.Of(request) is not { } token || !state.TryAuthenticate(token, out var found))
        {
            return SandboxResponse.Error(401, SandboxAssumptions.InvalidKeyMessage);
        }

        key = found;
        if (!limiter.TryAcquire(out var retryAfter))
        {
            return new SandboxResponse(429, SandboxResponse.Error(429, "Rate limit exceeded").Body) { RetryAfterSeconds = retryAfter };
        }

        var scopes = ScopeSet.Parse(string.Join(' ', ((JsonArray)found["scopes"]!).Select(s => (string)s!)));
        return operation.IsAllowedBy(scopes)
            ? null
            : SandboxResponse.Error(403, $"Forbidden: this API key's scopes do not allow {operation.Method} {operation.PathTemplate}; it needs one of {string.Join(", ", operation.AcceptedScopes)}");
    }

    private SandboxResponse Execute(
        InstantlyOperation operation, string path, HttpRequest request, JsonNode? body, bool bodyIsValid, JsonObject key, out SandboxRequest? call)
    {
        call = null;
        if (!bodyIsValid)
        {
            return SandboxResponse.BadRequest($"Body is not valid JSON or is larger than {MaxBodyBytes} bytes");
        }

        if (body is not null and not JsonObject)
        {
            return SandboxResponse.BadRequest("body must be object");
        }

        if (!api.TryGetHandler(operation, out var handler))
        {
            return SandboxResponse.Error(501, $"The Keyward sandbox does not model {operation.Method} {operation.PathTemplate}; it checked the key and its scopes, which passed");
        }

        call = new SandboxRequest(
            operation,
            operation.BindPath(path),
            request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            (JsonObject?)body,
            key,
            state,
            time.GetUtcNow());
        return handler(call);
    }

    private void Audit(HttpContext context, InstantlyOperation operation, JsonObject key, SandboxRequest? call, SandboxResponse response)
    {
        var entry = new JsonObject
        {
            ["id"] = Guid.CreateVersion7(time.GetUtcNow()).ToString("D"),
            ["timestamp"] = SandboxState.Timestamp(time.GetUtcNow()),
            ["organization_id"] = state.WorkspaceId,
            ["activity_type"] = response.Status < 300 ? ActivityTypes.Of(operation) : SandboxAssumptions.ApiRequestActivityType,
            ["user_agent"] = context.Request.Headers.UserAgent.ToString(),
            ["ip_address"] = context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1",
            ["from_api"] = true,
            ["api_key_id"] = (string)key["id"]!,
            ["audit_metadata"] = new JsonObject
            {
                ["method"] = operation.Method,
                ["path"] = operation.PathTemplate,
                ["status_code"] = response.Status,
            },
        };
        if (call is not null && response.Status < 300)
        {
            foreach (var (field, value) in ActivityTypes.ResourceIds(operation, call, response))
            {
                entry[field] = value;
            }
        }

        state["audit-logs"].Add(entry);
    }

    private static async Task<(JsonNode? Body, bool IsValid)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0))
        {
            return (null, true);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length == 0)
        {
            return (null, true);
        }

        if (buffer.Length > MaxBodyBytes)
        {
            return (null, false);
        }

        try
        {
            return (JsonNode.Parse(buffer.ToArray()), true);
        }
        catch (JsonException)
        {
            return (null, false);
        }
    }

    private static async Task WriteAsync(HttpContext context, SandboxResponse response)
    {
        context.Response.StatusCode = response.Status;
        if (response.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (response.Csv is not null)
        {
            context.Response.ContentType = "text/csv";
            await context.Response.WriteAsync(response.Csv, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (response.Body is not null)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(response.Body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
        }
    }
}
