using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Keyward.Core.Scopes;
using Keyward.Providers.Instantly;
using Keyward.Sandbox.Http;
using Keyward.Sandbox.State;
using Keyward.Sandbox.Webhooks;

namespace Keyward.Sandbox.Api;

/// <summary>The operations the sandbox models, by catalog key (<c>METHOD /api/v2/...</c>); every other catalog
/// operation answers 501 after the auth and scope checks.</summary>
/// <remarks>Handlers run inside the state lock, so each sees and leaves a consistent workspace.</remarks>
internal sealed class InstantlyApi
{
    private const int PageLimit = 100;
    private const int AuditPageLimit = 1000;

    private static readonly string[] ReadOnlyFields = ["id", "organization", "organization_id", "workspace_id", "timestamp_created", "timestamp_updated", "status", "timestamp_error"];

    private static readonly string[] AssignableRoles = ["admin", "editor", "view", "client"];

    private readonly Dictionary<string, Func<SandboxRequest, SandboxResponse>> _handlers = new(StringComparer.Ordinal);

    public InstantlyApi()
    {
        Add("POST /api-keys", CreateKey);
        Add("GET /api-keys", r => List(r, "api-keys", _ => true, Masked));
        Add("DELETE /api-keys/{id}", r => r.State.RevokeKey(r.RouteId) ? SandboxResponse.Ok(new JsonObject { ["id"] = r.RouteId }) : SandboxResponse.NotFound());

        Add("GET /workspaces/current", r => SandboxResponse.Ok(r.State.Workspace.DeepClone()));
        Add("PATCH /workspaces/current", r => Merge(r, r.State.Workspace, ["name", "org_logo_url", "org_client_domain"]));

        Crud("campaigns", required: ["name"], defaults: () => new JsonObject { ["status"] = 0 }, filter: Search("name"));
        Add("POST /campaigns/{id}/activate", r => SetStatus(r, "campaigns", 1));
        Add("POST /campaigns/{id}/pause", r => SetStatus(r, "campaigns", 2));

        Crud("lead-lists", required: ["name"], filter: Search("name"));
        Crud("leads", required: ["email"], filter: Search("email"), list: false);
        Add("POST /leads/list", ListLeads);

        Crud("accounts", required: ["email"], defaults: () => new JsonObject { ["status"] = 1 }, filter: Search("email"), secretFields: ["imap_password", "smtp_password"]);
        Add("POST /accounts/{email}/pause", r => SetStatus(r, "accounts", 2));
        Add("POST /accounts/{email}/resume", r => SetStatus(r, "accounts", 1));

        Crud("webhooks", required: ["target_hook_url"], defaults: () => new JsonObject { ["status"] = 1, ["timestamp_error"] = null, ["headers"] = null, ["campaign"] = null, ["event_type"] = "all_events" },
            filter: q => w => Matches(q, "campaign", w) && Matches(q, "event_type", w), validate: ValidateWebhook, idField: "organization");
        Add("GET /webhooks/event-types", _ => SandboxResponse.Ok(new JsonObject
        {
            ["event_types"] = new JsonArray([.. WebhookEvents.SubscriptionTypes.Select(t => (JsonNode)new JsonObject { ["id"] = t, ["label"] = t, ["type"] = "standard" })]),
        }));
        Add("POST /webhooks/{id}/resume", ResumeWebhook);

        Add("GET /webhook-events", r => List(r, "webhook-events", WebhookEventFilter(r)));
        Add("GET /webhook-events/{id}", r => Get(r, "webhook-events"));
        Add("GET /webhook-events/summary", WebhookEventSummary);

        Add("GET /audit-logs", r => List(r, "audit-logs", AuditFilter(r), maxLimit: AuditPageLimit, newestFirst: true));

        Crud("workspace-members", required: ["email", "role"], defaults: () => new JsonObject { ["accepted"] = false, ["user_id"] = Guid.NewGuid().ToString("D") },
            filter: q => m => Search("email")(q)(m) && Matches(q, "accepted", m), validate: ValidateMember, idField: "workspace_id", patchable: ["nickname", "role"]);

        Crud("block-lists-entries", required: ["bl_value"], filter: BlockListFilter, validate: ValidateBlockListEntry, patchable: ["bl_value"]);
        Add("DELETE /block-lists-entries", r => SandboxResponse.Ok(new JsonObject { ["count"] = r.State["block-lists-entries"].RemoveAll(BlockListFilter(r.Query)) }));
        Add("POST /block-lists-entries/bulk-create", BulkCreateBlockList);
        Add("POST /block-lists-entries/bulk-delete", BulkDeleteBlockList);
        Add("GET /block-lists-entries/download", DownloadBlockList);
    }

    /// <summary>Gets the keys of the modelled operations.</summary>
    public IReadOnlyCollection<string> Modelled => _handlers.Keys;

    public bool TryGetHandler(InstantlyOperation operation, out Func<SandboxRequest, SandboxResponse> handler) =>
        _handlers.TryGetValue(operation.Key, out handler!);

    private void Add(string methodAndPath, Func<SandboxRequest, SandboxResponse> handler)
    {
        var space = methodAndPath.IndexOf(' ', StringComparison.Ordinal);
        var key = $"{methodAndPath[..space]} {InstantlyOperationCatalog.PathPrefix}{methodAndPath[(space + 1)..]}";
        if (InstantlyOperationCatalog.Default.Operations.All(o => o.Key != key))
        {
            throw new InvalidOperationException($"{key} is not an operation of the catalog");
        }

        _handlers.Add(key, handler);
    }

    private void Crud(
        string resource,
        string[] required,
        Func<IReadOnlyDictionary<string, string>, Func<JsonObject, bool>> filter,
        Func<JsonObject>? defaults = null,
        Func<JsonObject, string?>? validate = null,
        string idField = "organization_id",
        string[]? patchable = null,
        string[]? secretFields = null,
        bool list = true)
    {
        var key = resource == "accounts" ? "{email}" : "{id}";
        Add($"POST /{resource}", r =>
        {
            if (required.FirstOrDefault(f => r.Body?[f] is null) is { } missing)
            {
                return SandboxResponse.BadRequest($"body must have required property '{missing}'");
            }

            var item = defaults?.Invoke() ?? [];
            foreach (var (name, value) in r.Body!)
            {
                if (!ReadOnlyFields.Contains(name) && !(secretFields ?? []).Contains(name))
                {
                    item[name] = value?.DeepClone();
                }
            }

            if (validate?.Invoke(item) is { } problem)
            {
                return SandboxResponse.BadRequest(problem);
            }

            var collection = r.State[resource];
            if (collection.IdField == "email" && collection.TryGet((string)item["email"]!, out _))
            {
                return SandboxResponse.Error(409, $"{item["email"]} already exists");
            }

            if (collection.IdField == "id")
            {
                item["id"] = Guid.CreateVersion7(r.Now).ToString("D");
            }

            item[idField] = r.State.WorkspaceId;
            item["timestamp_created"] = SandboxState.Timestamp(r.Now);
            collection.Add(item);
            return SandboxResponse.Ok(item.DeepClone());
        });
        if (list)
        {
            Add($"GET /{resource}", r => List(r, resource, filter(r.Query)));
        }

        Add($"GET /{resource}/{key}", r => Get(r, resource));
        Add($"PATCH /{resource}/{key}", r => !r.State[resource].TryGet(r.RouteId, out var item)
            ? SandboxResponse.NotFound()
            : r.Body?.ContainsKey(r.State[resource].IdField) == true
                ? SandboxResponse.BadRequest($"body/{r.State[resource].IdField} cannot be changed")
                : Merge(r, item, patchable, validate));
        Add($"DELETE /{resource}/{key}", r => r.State[resource].TryGet(r.RouteId, out var item) && r.State[resource].Remove(r.RouteId)
            ? SandboxResponse.Ok(item.DeepClone())
            : SandboxResponse.NotFound());
    }

    private static SandboxResponse List(
        SandboxRequest r, string resource, Func<JsonObject, bool> filter, Func<JsonObject, JsonNode>? project = null, int maxLimit = PageLimit, bool newestFirst = false) =>
        Page(r.State[resource], filter, r.QueryValue("limit"), r.QueryValue("starting_after"), project, maxLimit, newestFirst);

    private static SandboxResponse Page(
        ResourceCollection collection, Func<JsonObject, bool> filter, string? limitText, string? startingAfter, Func<JsonObject, JsonNode>? project = null, int maxLimit = PageLimit, bool newestFirst = false)
    {
        var limit = 10;
        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > maxLimit))
        {
            return SandboxResponse.BadRequest($"querystring/limit must be an integer from 1 to {maxLimit}");
        }

        var (items, next) = collection.Page(filter, limit, startingAfter, newestFirst);
        var page = new JsonObject { ["items"] = new JsonArray([.. items.Select(i => project?.Invoke(i) ?? i.DeepClone())]) };
        if (next is not null)
        {
            page["next_starting_after"] = next;
        }

        return SandboxResponse.Ok(page);
    }

    private static SandboxResponse Get(SandboxRequest r, string resource) =>
        r.State[resource].TryGet(r.RouteId, out var item) ? SandboxResponse.Ok(item.DeepClone()) : SandboxResponse.NotFound();

    private static SandboxResponse Merge(SandboxRequest r, JsonObject item, string[]? allowed, Func<JsonObject, string?>? validate = null)
    {
        var candidate = (JsonObject)item.DeepClone();
        foreach (var (name, value) in r.Body ?? [])
        {
            if (ReadOnlyFields.Contains(name) || (allowed is not null && !allowed.Contains(name)))
            {
                return SandboxResponse.BadRequest($"body/{name} cannot be changed");
            }

            candidate[name] = value?.DeepClone();
        }

        if (validate?.Invoke(candidate) is { } problem)
        {
            return SandboxResponse.BadRequest(problem);
        }

        foreach (var (name, value) in candidate)
        {
            item[name] = value?.DeepClone();
        }

        item["timestamp_updated"] = SandboxState.Timestamp(r.Now);
        return SandboxResponse.Ok(item.DeepClone());
    }

    private static SandboxResponse SetStatus(SandboxRequest r, string resource, int status)
    {
        if (!r.State[resource].TryGet(r.RouteId, out var item))
        {
            return SandboxResponse.NotFound();
        }

        item["status"] = status;
        return SandboxResponse.Ok(item.DeepClone());
    }

    private static SandboxResponse CreateKey(SandboxRequest r)
    {
        var name = r.BodyString("name");
        if (string.IsNullOrWhiteSpace(name))
        {
            return SandboxResponse.BadRequest("body must have required property 'name'");
        }

        if (r.Body?["scopes"] is not JsonArray scopes || scopes.Count == 0)
        {
            return SandboxResponse.BadRequest("body must have required property 'scopes'");
        }

        var parsed = new List<Scope>();
        foreach (var scope in scopes)
        {
            if (scope is not JsonValue value || !value.TryGetValue<string>(out var text) || !InstantlyScopes.Vocabulary.TryParse(text, out var known, out _))
            {
                return SandboxResponse.BadRequest($"body/scopes must be equal to one of the allowed values ({scope?.ToJsonString()} is not an Instantly scope)");
            }

            parsed.Add(known);
        }

        return SandboxResponse.Ok(r.State.CreateKey(name, new ScopeSet(parsed), r.Now).DeepClone());
    }

    private static JsonNode Masked(JsonObject key)
    {
        var copy = (JsonObject)key.DeepClone();
        if (SandboxAssumptions.ListMasksKeys)
        {
            copy["key"] = SandboxKeys.Mask((string)key["key"]!);
        }

        return copy;
    }

    private static SandboxResponse ListLeads(SandboxRequest r)
    {
        var campaign = r.BodyString("campaign");
        var list = r.BodyString("list_id");
        var search = r.BodyString("search");
        return Page(
            r.State["leads"],
            l => (campaign is null || (string?)l["campaign"] == campaign)
                 && (list is null || (string?)l["list_id"] == list)
                 && (search is null || ((string?)l["email"])?.Contains(search, StringComparison.OrdinalIgnoreCase) == true),
            r.Body?["limit"]?.ToJsonString(),
            r.BodyString("starting_after"));
    }

    private static string? ValidateWebhook(JsonObject webhook)
    {
        if ((string?)webhook["target_hook_url"] is not { } url || !(url.StartsWith("https://", StringComparison.Ordinal) || url.StartsWith("http://", StringComparison.Ordinal)) || !Uri.IsWellFormedUriString(url, UriKind.Absolute))
        {
            return "body/target_hook_url must match pattern \"^https?://\"";
        }

        if (webhook["event_type"] is JsonValue type && !WebhookEvents.SubscriptionTypes.Contains((string?)type))
        {
            return "body/event_type must be equal to one of the allowed values";
        }

        return webhook["headers"] is null or JsonObject && (webhook["headers"] as JsonObject ?? []).All(h => h.Value is JsonValue v && v.TryGetValue<string>(out _))
            ? null
            : "body/headers must be an object of strings";
    }

    private static SandboxResponse ResumeWebhook(SandboxRequest r)
    {
        if (!r.State["webhooks"].TryGet(r.RouteId, out var webhook))
        {
            return SandboxResponse.NotFound();
        }

        webhook["status"] = 1;
        webhook["timestamp_error"] = null;
        return SandboxResponse.Ok(webhook.DeepClone());
    }

    private static Func<JsonObject, bool> WebhookEventFilter(SandboxRequest r)
    {
        var success = r.QueryValue("success");
        var search = r.QueryValue("search");
        var from = r.QueryValue("from");
        var to = r.QueryValue("to");
        return e => (success is null || string.Equals(((bool?)e["success"])?.ToString(), success, StringComparison.OrdinalIgnoreCase))
                    && (search is null || (string?)e["webhook_url"] == search || (string?)e["lead_email"] == search)
                    && (from is null || string.CompareOrdinal((string?)e["timestamp_created_date"], from) >= 0)
                    && (to is null || string.CompareOrdinal((string?)e["timestamp_created_date"], to) <= 0);
    }

    private static SandboxResponse WebhookEventSummary(SandboxRequest r)
    {
        var events = r.State["webhook-events"].Items.Where(WebhookEventFilter(r)).ToArray();
        var successful = events.Count(e => (bool?)e["success"] == true);
        var total = events.Length;
        return SandboxResponse.Ok(new JsonObject
        {
            ["total_events"] = total,
            ["successful_events"] = successful,
            ["failed_events"] = total - successful,
            ["success_rate"] = total == 0 ? 0 : Math.Round(100.0 * successful / total, 2),
            ["failure_rate"] = total == 0 ? 0 : Math.Round(100.0 * (total - successful) / total, 2),
        });
    }

    private static Func<JsonObject, bool> AuditFilter(SandboxRequest r)
    {
        var type = r.QueryValue("activity_type");
        var search = r.QueryValue("search");
        var start = r.QueryValue("start_date");
        var end = r.QueryValue("end_date");
        return e => (type is null || ((int?)e["activity_type"])?.ToString(CultureInfo.InvariantCulture) == type)
                    && (search is null || e.ToJsonString().Contains(search, StringComparison.OrdinalIgnoreCase))
                    && (start is null || string.CompareOrdinal((string?)e["timestamp"], start) >= 0)
                    && (end is null || string.CompareOrdinal((string?)e["timestamp"], end) <= 0 || ((string?)e["timestamp"])!.StartsWith(end, StringComparison.Ordinal));
    }

    private static string? ValidateMember(JsonObject member)
    {
        var role = (string?)member["role"];
        if (role == "owner")
        {
            return "body/role: the owner role cannot be assigned through the API; only the workspace creator is owner";
        }

        return AssignableRoles.Contains(role) ? null : "body/role must be equal to one of the allowed values: admin, editor, view, client";
    }

    private static string? ValidateBlockListEntry(JsonObject entry)
    {
        var value = ((string?)entry["bl_value"])?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(value) || value.Contains(' ', StringComparison.Ordinal) || !value.Contains('.', StringComparison.Ordinal))
        {
            return "body/bl_value must be an email address or a domain";
        }

        entry["bl_value"] = value;
        entry["is_domain"] = !value.Contains('@', StringComparison.Ordinal);
        return null;
    }

    private static Func<JsonObject, bool> BlockListFilter(IReadOnlyDictionary<string, string> query)
    {
        var domainsOnly = query.TryGetValue("domains_only", out var d) && d == "true";
        var search = Search("bl_value")(query);
        return e => (!domainsOnly || (bool?)e["is_domain"] == true) && search(e);
    }

    private static SandboxResponse BulkCreateBlockList(SandboxRequest r)
    {
        if (r.Body?["bl_values"] is not JsonArray values)
        {
            return SandboxResponse.BadRequest("body must have required property 'bl_values'");
        }

        var created = new JsonArray();
        var invalid = 0;
        foreach (var value in values)
        {
            var entry = new JsonObject { ["bl_value"] = value?.DeepClone() };
            if (value is not JsonValue || ValidateBlockListEntry(entry) is not null)
            {
                invalid++;
                continue;
            }

            entry["id"] = Guid.CreateVersion7(r.Now).ToString("D");
            entry["organization_id"] = r.State.WorkspaceId;
            entry["timestamp_created"] = SandboxState.Timestamp(r.Now);
            r.State["block-lists-entries"].Add(entry);
            created.Add(entry.DeepClone());
        }

        return SandboxResponse.Ok(new JsonObject { ["items"] = created, ["valid_count"] = created.Count, ["invalid_count"] = invalid });
    }

    private static SandboxResponse BulkDeleteBlockList(SandboxRequest r)
    {
        if (r.Body?["ids"] is not JsonArray { Count: >= 1 and <= 1000 } ids)
        {
            return SandboxResponse.BadRequest("body/ids must be an array of 1 to 1000 ids");
        }

        var deleted = ids.Count(id => id is JsonValue v && v.TryGetValue<string>(out var s) && r.State["block-lists-entries"].Remove(s));
        return SandboxResponse.Ok(new JsonObject { ["count"] = deleted });
    }

    private static SandboxResponse DownloadBlockList(SandboxRequest r)
    {
        var csv = new StringBuilder("bl_value,is_domain,timestamp_created\n");
        foreach (var entry in r.State["block-lists-entries"].Items)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{entry["bl_value"]},{((bool?)entry["is_domain"] == true ? "true" : "false")},{entry["timestamp_created"]}\n");
        }

        return new SandboxResponse(200, null, csv.ToString());
    }

    private static Func<IReadOnlyDictionary<string, string>, Func<JsonObject, bool>> Search(string field) =>
        query => query.TryGetValue("search", out var search)
            ? item => ((string?)item[field])?.Contains(search, StringComparison.OrdinalIgnoreCase) == true
            : _ => true;

    private static bool Matches(IReadOnlyDictionary<string, string> query, string field, JsonObject item) =>
        !query.TryGetValue(field, out var wanted) || string.Equals(item[field]?.ToString(), wanted, StringComparison.OrdinalIgnoreCase);
}
