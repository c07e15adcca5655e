using System.Text.Json.Nodes;
using Keyward.Core.Scopes;

namespace Keyward.Sandbox.State;

/// <summary>Fills a new workspace: always its owner; with <see cref="SandboxSeed.Risky"/>, the unsafe setup that
/// <c>keyward check</c> and the demos find problems in.</summary>
internal static class Seeder
{
    public static void Seed(SandboxState state, SandboxSeed seed, TimeProvider time)
    {
        var now = time.GetUtcNow();
        AddMember(state, "owner@sandbox.example", "owner", now);
        if (seed != SandboxSeed.Risky)
        {
            return;
        }

        // zapier-everything: all:all and unused for 45 days; crm-sync-2025: 400 days old, and its calls (below) need
        // only leads:create and campaigns:read of its leads:all campaigns:read; dashboard: fine.
        state.CreateKey("zapier-everything", ScopeSet.Parse("all:all"), now.AddDays(-45));
        var old = state.CreateKey("crm-sync-2025", ScopeSet.Parse("leads:all campaigns:read"), now.AddDays(-400));
        old["timestamp_updated"] = old["timestamp_created"]!.DeepClone();
        var dashboard = state.CreateKey("dashboard", ScopeSet.Parse("campaigns:read"), now.AddDays(-10));
        for (var day = 1; day <= 5; day++)
        {
            AddCall(state, old, "GET", "/api/v2/campaigns", activityType: 0, now.AddDays(-day));
            AddCall(state, old, "POST", "/api/v2/leads", activityType: 9, now.AddDays(-day).AddMinutes(5));
            AddCall(state, dashboard, "GET", "/api/v2/campaigns", activityType: 0, now.AddDays(-day).AddMinutes(10));
        }

        var campaign = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("D"),
            ["name"] = "Q4 outbound",
            ["status"] = 1,
            ["organization_id"] = state.WorkspaceId,
            ["timestamp_created"] = SandboxState.Timestamp(now.AddDays(-60)),
        };
        state["campaigns"].Add(campaign);

        AddWebhook(state, "Reply alerts (no auth)", "https://hooks.sandbox.example/replies", "reply_received", headers: null, status: 1, now);
        AddWebhook(state, "Legacy CRM (plain http)", "http://crm.sandbox.example/instantly", "all_events",
            new JsonObject { ["x-shared-secret"] = "sandbox-placeholder-secret" }, status: 1, now);
        AddWebhook(state, "Broken Slack relay", "https://relay.sandbox.example/slack", "lead_interested",
            new JsonObject { ["x-shared-secret"] = "sandbox-placeholder-secret" }, status: -1, now);

        AddMember(state, "ops@sandbox.example", "admin", now);
        AddMember(state, "growth@sandbox.example", "admin", now);
        AddMember(state, "contractor@freemail.example", "admin", now);
        AddMember(state, "sdr@sandbox.example", "editor", now);
    }

    private static void AddMember(SandboxState state, string email, string role, DateTimeOffset at) =>
        state["workspace-members"].Add(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("D"),
            ["email"] = email,
            ["user_id"] = Guid.NewGuid().ToString("D"),
            ["role"] = role,
            ["accepted"] = true,
            ["workspace_id"] = state.WorkspaceId,
            ["timestamp_created"] = SandboxState.Timestamp(at),
        });

    /// <summary>An audit-log entry of an API call, as the gate records one.</summary>
    private static void AddCall(SandboxState state, JsonObject key, string method, string path, int activityType, DateTimeOffset at) =>
        state["audit-logs"].Add(new JsonObject
        {
            ["id"] = Guid.CreateVersion7(at).ToString("D"),
            ["timestamp"] = SandboxState.Timestamp(at),
            ["organization_id"] = state.WorkspaceId,
            ["activity_type"] = activityType,
            ["user_agent"] = "crm-sync/2.3",
            ["ip_address"] = "203.0.113.10",
            ["from_api"] = true,
            ["api_key_id"] = (string)key["id"]!,
            ["audit_metadata"] = new JsonObject { ["method"] = method, ["path"] = path, ["status_code"] = 200 },
        });

    private static void AddWebhook(SandboxState state, string name, string url, string eventType, JsonObject? headers, int status, DateTimeOffset at) =>
        state["webhooks"].Add(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("D"),
            ["organization"] = state.WorkspaceId,
            ["campaign"] = null,
            ["name"] = name,
            ["target_hook_url"] = url,
            ["event_type"] = eventType,
            ["custom_interest_value"] = null,
            ["headers"] = headers,
            ["timestamp_created"] = SandboxState.Timestamp(at.AddDays(-20)),
            ["status"] = status,
            ["timestamp_error"] = status == -1 ? SandboxState.Timestamp(at.AddDays(-2)) : null,
        });
}
