using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Keyward.Core.Scopes;
using Keyward.Core.Secrets;
using Keyward.Providers.Instantly.Client.Models;

namespace Keyward.Providers.Instantly.Client;

/// <summary>A guarded client for the Instantly API v2: typed methods for the resources Keyward works with, and
/// <see cref="SendAsync(string, string, JsonNode?, CancellationToken)"/> for any other operation of the catalog.</summary>
/// <remarks>
/// <para>Get one from DI (<see cref="InstantlyServiceCollectionExtensions.AddInstantly(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{InstantlyClientOptions})"/>,
/// then inject <see cref="InstantlyClient"/> or call <see cref="InstantlyClientFactory.Create(string)"/> for a named
/// client). Every call passes the scope guard, the rate limiter, retries, bearer auth, redaction and the audit
/// sink, in that order. The key is never exposed: not by this type, its exceptions, nor its logs.</para>
/// <para>Errors are typed: <see cref="ApiKeyRejectedException"/> (401), <see cref="PaymentRequiredException"/>
/// (402), <see cref="ScopeDeniedException"/> (403, or refused before sending), <see cref="RateLimitedException"/>
/// (429 after the retries), <see cref="InstantlyApiException"/> for the rest. Thread-safe.</para>
/// </remarks>
public sealed class InstantlyClient
{
    private static readonly InstantlyJsonContext Json = InstantlyJsonContext.Default;

    private readonly HttpClient _http;
    private readonly InstantlyClientOptions _options;

    internal InstantlyClient(HttpClient http, InstantlyClientOptions options)
    {
        _http = http;
        _options = options;
    }

    /// <summary>Lists API keys (without their values).</summary>
    /// <param name="limit">1 to 100.</param>
    /// <param name="startingAfter">The previous page's cursor.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page.</returns>
    public Task<Page<ApiKey>> ListApiKeysAsync(int? limit = null, string? startingAfter = null, CancellationToken cancellationToken = default) =>
        GetPageAsync("api-keys", Json.ListApiKey, Query(("limit", limit), ("starting_after", startingAfter)), cancellationToken);

    /// <summary>Creates a key. Its value is returned only now: store it in a secret store before anything else.</summary>
    /// <param name="name">A name; rotation tags it with its rotation id.</param>
    /// <param name="scopes">The scopes, as narrow as the integration allows (<c>keyward scopes plan</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key's details and value.</returns>
    public async Task<CreatedApiKey> CreateApiKeyAsync(string name, ScopeSet scopes, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(scopes);
        var body = new JsonObject { ["name"] = name, ["scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode)s.ToString())]) };
        var created = await SendForAsync(HttpMethod.Post, "api-keys", body, Json.JsonObject, cancellationToken).ConfigureAwait(false);
        var key = (string?)created["key"] ?? throw new InstantlyApiException("POST /api/v2/api-keys", HttpStatusCode.OK, "Instantly created a key but returned no value; revoke it by name and try again");
        created.Remove("key");
        return new CreatedApiKey(created.Deserialize(Json.ApiKey)!, new SecretValue(key));
    }

    /// <summary>Revokes a key at once.</summary>
    /// <param name="id">The key id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Instantly confirmed.</returns>
    public Task DeleteApiKeyAsync(string id, CancellationToken cancellationToken = default) =>
        SendForAsync(HttpMethod.Delete, $"api-keys/{Escape(id)}", null, Json.JsonNode, cancellationToken);

    /// <summary>Reads the key's workspace; the cheapest proof that a key works.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The workspace.</returns>
    public Task<Workspace> GetWorkspaceAsync(CancellationToken cancellationToken = default) =>
        SendForAsync(HttpMethod.Get, "workspaces/current", null, Json.Workspace, cancellationToken);

    /// <summary>Lists webhooks.</summary>
    /// <param name="limit">1 to 100.</param>
    /// <param name="startingAfter">The previous page's cursor.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page.</returns>
    public Task<Page<Webhook>> ListWebhooksAsync(int? limit = null, string? startingAfter = null, CancellationToken cancellationToken = default) =>
        GetPageAsync("webhooks", Json.ListWebhook, Query(("limit", limit), ("starting_after", startingAfter)), cancellationToken);

    /// <summary>Reads a webhook.</summary>
    /// <param name="id">The webhook id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The webhook.</returns>
    public Task<Webhook> GetWebhookAsync(string id, CancellationToken cancellationToken = default) =>
        SendForAsync(HttpMethod.Get, $"webhooks/{Escape(id)}", null, Json.Webhook, cancellationToken);

    /// <summary>Creates a webhook.</summary>
    /// <param name="definition">At least the target URL.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The webhook.</returns>
    public Task<Webhook> CreateWebhookAsync(WebhookDefinition definition, CancellationToken cancellationToken = default) =>
        SendForAsync(HttpMethod.Post, "webhooks", JsonSerializer.SerializeToNode(definition, Json.WebhookDefinition), Json.Webhook, cancellationToken);

    /// <summary>Changes a webhook's non-null fields (for example its secret header).</summary>
    /// <param name="id">The webhook id.</param>
    /// <param name="changes">The fields to change.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The webhook as changed.</returns>
    public Task<Webhook> UpdateWebhookAsync(string id, WebhookDefinition changes, CancellationToken cancellationToken = default) =>
        SendForAsync(HttpMethod.Patch, $"webhooks/{Escape(id)}", JsonSerializer.SerializeToNode(changes, Json.WebhookDefinition), Json.Webhook, cancellationToken);

    /// <summary>Deletes a webhook.</summary>
    /// <param name="id">The webhook id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Instantly confirmed.</returns>
    public Task DeleteWebhookAsync(string id, CancellationToken cancellationToken = default) =>
        SendForAsync(HttpMethod.Delete, $"webhooks/{Escape(id)}", null, Json.JsonNode, cancellationToken);

    /// <summary>Re-enables a webhook that Instantly disabled after failed deliveries.</summary>
    /// <param name="id">The webhook id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The webhook.</returns>
    public Task<Webhook> ResumeWebhookAsync(string id, CancellationToken cancellationToken = default) =>
        SendForAsync(HttpMethod.Post, $"webhooks/{Escape(id)}/resume", new JsonObject(), Json.Webhook, cancellationToken);

    /// <summary>Lists webhook delivery attempts.</summary>
    /// <param name="success">Only successful (true) or failed (false) attempts.</param>
    /// <param name="limit">1 to 100.</param>
    /// <param name="startingAfter">The previous page's cursor.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page.</returns>
    public Task<Page<WebhookEvent>> ListWebhookEventsAsync(bool? success = null, int? limit = null, string? startingAfter = null, CancellationToken cancellationToken = default) =>
        GetPageAsync("webhook-events", Json.ListWebhookEvent, Query(("success", success is null ? null : success.Value ? "true" : "false"), ("limit", limit), ("starting_after", startingAfter)), cancellationToken);

    /// <summary>Lists Instantly's audit log (up to 1000 entries per page).</summary>
    /// <param name="query">Filters and paging.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page.</returns>
    public Task<Page<AuditLogEntry>> ListAuditLogsAsync(AuditLogQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new AuditLogQuery();
        return GetPageAsync(
            "audit-logs",
            Json.ListAuditLogEntry,
            Query(
                ("limit", query.Limit),
                ("starting_after", query.StartingAfter),
                ("activity_type", query.ActivityType),
                ("start_date", query.StartDate?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
                ("end_date", query.EndDate?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
                ("search", query.Search)),
            cancellationToken);
    }

    /// <summary>Lists workspace members.</summary>
    /// <param name="limit">1 to 100.</param>
    /// <param name="startingAfter">The previous page's cursor.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page.</returns>
    public Task<Page<WorkspaceMember>> ListWorkspaceMembersAsync(int? limit = null, string? startingAfter = null, CancellationToken cancellationToken = default) =>
        GetPageAsync("workspace-members", Json.ListWorkspaceMember, Query(("limit", limit), ("starting_after", startingAfter)), cancellationToken);

    /// <summary>Removes a workspace member.</summary>
    /// <param name="id">The member id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Instantly confirmed.</returns>
    public Task DeleteWorkspaceMemberAsync(string id, CancellationToken cancellationToken = default) =>
        SendForAsync(HttpMethod.Delete, $"workspace-members/{Escape(id)}", null, Json.JsonNode, cancellationToken);

    /// <summary>Lists block-list entries.</summary>
    /// <param name="limit">1 to 100.</param>
    /// <param name="startingAfter">The previous page's cursor.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page.</returns>
    public Task<Page<BlockListEntry>> ListBlockListEntriesAsync(int? limit = null, string? startingAfter = null, CancellationToken cancellationToken = default) =>
        GetPageAsync("block-lists-entries", Json.ListBlockListEntry, Query(("limit", limit), ("starting_after", startingAfter)), cancellationToken);

    /// <summary>Blocks an email address or a domain.</summary>
    /// <param name="value">For example <c>competitor.example</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entry.</returns>
    public Task<BlockListEntry> CreateBlockListEntryAsync(string value, CancellationToken cancellationToken = default) =>
        SendForAsync(HttpMethod.Post, "block-lists-entries", new JsonObject { ["bl_value"] = value }, Json.BlockListEntry, cancellationToken);

    /// <summary>Lists campaigns.</summary>
    /// <param name="limit">1 to 100.</param>
    /// <param name="startingAfter">The previous page's cursor.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page.</returns>
    public Task<Page<Campaign>> ListCampaignsAsync(int? limit = null, string? startingAfter = null, CancellationToken cancellationToken = default) =>
        GetPageAsync("campaigns", Json.ListCampaign, Query(("limit", limit), ("starting_after", startingAfter)), cancellationToken);

    /// <summary>Reads a campaign.</summary>
    /// <param name="id">The campaign id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The campaign.</returns>
    public Task<Campaign> GetCampaignAsync(string id, CancellationToken cancellationToken = default) =>
        SendForAsync(HttpMethod.Get, $"campaigns/{Escape(id)}", null, Json.Campaign, cancellationToken);

    /// <summary>Creates a campaign (a draft).</summary>
    /// <param name="name">Its name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The campaign.</returns>
    public Task<Campaign> CreateCampaignAsync(string name, CancellationToken cancellationToken = default) =>
        SendForAsync(HttpMethod.Post, "campaigns", new JsonObject { ["name"] = name }, Json.Campaign, cancellationToken);

    /// <summary>Creates a lead.</summary>
    /// <param name="email">Their email.</param>
    /// <param name="campaign">A campaign to add them to.</param>
    /// <param name="listId">A lead list to add them to.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The lead.</returns>
    public Task<Lead> CreateLeadAsync(string email, string? campaign = null, string? listId = null, CancellationToken cancellationToken = default) =>
        SendForAsync(HttpMethod.Post, "leads", new JsonObject { ["email"] = email, ["campaign"] = campaign, ["list_id"] = listId }, Json.Lead, cancellationToken);

    /// <summary>Lists leads (<c>POST /leads/list</c>, paging in the body).</summary>
    /// <param name="limit">1 to 100.</param>
    /// <param name="startingAfter">The previous page's cursor.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page.</returns>
    public async Task<Page<Lead>> ListLeadsAsync(int? limit = null, string? startingAfter = null, CancellationToken cancellationToken = default) =>
        ToPage(await SendForAsync(HttpMethod.Post, "leads/list", new JsonObject { ["limit"] = limit, ["starting_after"] = startingAfter }, Json.JsonObject, cancellationToken).ConfigureAwait(false), Json.ListLead);

    /// <summary>Lists sending accounts.</summary>
    /// <param name="limit">1 to 100.</param>
    /// <param name="startingAfter">The previous page's cursor.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page.</returns>
    public Task<Page<Account>> ListAccountsAsync(int? limit = null, string? startingAfter = null, CancellationToken cancellationToken = default) =>
        GetPageAsync("accounts", Json.ListAccount, Query(("limit", limit), ("starting_after", startingAfter)), cancellationToken);

    /// <summary>Reads every page of a list, one request per page, stopping at the last page or an empty one.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="page">Reads the page after a cursor (null for the first), for example
    /// <c>(cursor, ct) =&gt; client.ListCampaignsAsync(100, cursor, ct)</c>.</param>
    /// <param name="cancellationToken">Stops between pages.</param>
    /// <returns>Every item, in order.</returns>
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(
        Func<string?, CancellationToken, Task<Page<T>>> page, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        string? cursor = null;
        do
        {
            var current = await page(cursor, cancellationToken).ConfigureAwait(false);
            foreach (var item in current.Items)
            {
                yield return item;
            }

            cursor = current.Items.Count == 0 ? null : current.NextStartingAfter;
        }
        while (cursor is not null);
    }

    /// <summary>Calls any operation of the catalog with the same guards as the typed methods.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="pathAndQuery">The path under the base address, such as <c>/api/v2/emails?limit=10</c>.</param>
    /// <param name="body">A JSON body, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response body, or null when empty.</returns>
    /// <exception cref="InstantlyApiException">The path is not a catalog operation, or Instantly answered an error.</exception>
    public async Task<JsonNode?> SendAsync(string method, string pathAndQuery, JsonNode? body = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentException.ThrowIfNullOrWhiteSpace(pathAndQuery);
        using var response = await SendCoreAsync(new HttpMethod(method.ToUpperInvariant()), pathAndQuery, body, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private async Task<Page<T>> GetPageAsync<T>(string resource, JsonTypeInfo<List<T>> items, string query, CancellationToken cancellationToken) =>
        ToPage(await SendForAsync(HttpMethod.Get, resource + query, null, Json.JsonObject, cancellationToken).ConfigureAwait(false), items);

    private static Page<T> ToPage<T>(JsonObject page, JsonTypeInfo<List<T>> items) =>
        new(page["items"]?.Deserialize(items) ?? [], (string?)page["next_starting_after"]);

    private async Task<T> SendForAsync<T>(HttpMethod method, string relative, JsonNode? body, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(method, $"{InstantlyOperationCatalog.PathPrefix}/{relative}", body, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(responseType, cancellationToken).ConfigureAwait(false)
            ?? throw new InstantlyApiException($"{method} {relative}", response.StatusCode, "Instantly answered with an empty body");
    }

    private async Task<HttpResponseMessage> SendCoreAsync(HttpMethod method, string pathAndQuery, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ErrorAsync(request, response, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<InstantlyApiException> ErrorAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var operation = Handlers.InstantlyRequest.Operation(request);
        var name = operation?.Key ?? $"{request.Method} {request.RequestUri?.AbsolutePath}";
        var said = await ServerMessageAsync(response, cancellationToken).ConfigureAwait(false);
        var status = response.StatusCode;
        return status switch
        {
            HttpStatusCode.Unauthorized => new ApiKeyRejectedException(name, status,
                $"Instantly rejected the key at {_options.ApiKey} for {name}: revoked or rotated? Check the key's status with 'keyward keys list' and update the secret ({said})"),
            HttpStatusCode.PaymentRequired => new PaymentRequiredException(name, status,
                $"{name}: the workspace has no active paid plan with API access ({said})"),
            HttpStatusCode.Forbidden => new ScopeDeniedException(name, status, operation?.RequiredScope,
                $"Instantly refused {name} for the key at {_options.ApiKey}: its scopes do not allow it{(operation is null ? string.Empty : $"; grant {operation.RequiredScope}")} ({said})"),
            HttpStatusCode.TooManyRequests => new RateLimitedException(name, status,
                $"{name}: still rate limited after {_options.MaxRetries} retries; the workspace's 100/s and 6,000/min are shared by every key ({said})"),
            _ => new InstantlyApiException(name, status, $"{name} failed with {(int)status} ({said})"),
        };
    }

    private static async Task<string> ServerMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (JsonNode.Parse(text) is JsonObject envelope && envelope["message"] is JsonValue message)
            {
                return $"Instantly said: {message}";
            }
        }
        catch (JsonException)
        {
        }

        return $"HTTP {(int)response.StatusCode}";
    }

    private static string Query(params (string Name, object? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null)
            .Select(p => $"{p.Name}={Uri.EscapeDataString(Convert.ToString(p.Value, CultureInfo.InvariantCulture)!)}")
            .ToArray();
        return present.Length == 0 ? string.Empty : "?" + string.Join('&', present);
    }

    private static string Escape(string segment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(segment);
        return Uri.EscapeDataString(segment);
    }
}
