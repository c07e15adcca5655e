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

        state.CreateKey("zapier-everything", ScopeSet.Parse("all:all"), now.AddDays(-30));
        var old = state.CreateKey("crm-sync-2025", ScopeSet.Parse("leads:all campaigns:read"), now.AddDays(-400));
        old["timestamp_updated"] = old["timestamp_created"]!.DeepClone();
        state.CreateKey("dashboard", ScopeSet.Parse("campaigns:read"), now.AddDays(-10));

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
