using System.Diagnostics;
using System.Net;
using Keyward.Core.Scopes;
using Keyward.Providers.Instantly.Client;
using Keyward.Providers.Instantly.Client.Models;
using Keyward.Sandbox;
using Keyward.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Keyward.Providers.Tests.Instantly.Client;

public class InstantlyClientTests
{
    [Fact]
    public async Task TypedCalls_WorkAgainstTheSandbox_AndEachIsAuditedOnceWithTheKeyId()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (reference, _, keyId) = await harness.KeyAsync("campaigns:all", "workspaces:read");
        var client = harness.Client(reference, "campaigns:all workspaces:read");

        var workspace = await client.GetWorkspaceAsync();
        var created = await client.CreateCampaignAsync("Q3 outbound");
        var fetched = await client.GetCampaignAsync(created.Id);
        var page = await client.ListCampaignsAsync();

        Assert.False(string.IsNullOrEmpty(workspace.Id));
        Assert.Equal("Q3 outbound", fetched.Name);
        Assert.Equal(created.Id, Assert.Single(page.Items).Id);
        var records = harness.Audit.Records.ToArray();
        Assert.Equal(["GET /api/v2/workspaces/current", "POST /api/v2/campaigns", "GET /api/v2/campaigns/{id}", "GET /api/v2/campaigns"], records.Select(r => r.Resource));
        Assert.All(records, r => Assert.Equal($"instantly-key:{keyId}", r.Actor));
        Assert.All(records, r => Assert.Equal("instantly.api.call", r.Action));
        Assert.All(records, r => Assert.True(r.Succeeded));
        Assert.All(records, r => Assert.Equal("200", r.Metadata!["status"]));
    }

    [Fact]
    public async Task DeclaredScopes_RefuseAnOutOfScopeCallBeforeSending()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (reference, _, keyId) = await harness.KeyAsync("campaigns:read");
        var client = harness.Client(reference, "campaigns:read");

        var denied = await Assert.ThrowsAsync<ScopeDeniedException>(() => client.CreateCampaignAsync("never sent"));

        Assert.True(denied.RefusedBeforeSending);
        Assert.Equal(Scope.Parse("campaigns:create"), denied.RequiredScope);
        Assert.Contains("POST /api/v2/campaigns", denied.Message, StringComparison.Ordinal);
        Assert.Contains("grant campaigns:create", denied.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await harness.SandboxAuditAsync(), e => (string?)e!["api_key_id"] == keyId);
        var record = Assert.Single(harness.Audit.Records);
        Assert.False(record.Succeeded);
        Assert.Equal("false", record.Metadata!["sent"]);
        Assert.Contains("campaigns:create", record.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UndeclaredScopes_AreReadFromTheApiKeysList_WhenTheKeyMay()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (reference, _, keyId) = await harness.KeyAsync("campaigns:read", "api_keys:read");
        var client = harness.Client(reference);

        await client.ListCampaignsAsync();
        var denied = await Assert.ThrowsAsync<ScopeDeniedException>(() => client.CreateCampaignAsync("never sent"));

        Assert.True(denied.RefusedBeforeSending);
        var sent = (await harness.SandboxAuditAsync()).Where(e => (string?)e!["api_key_id"] == keyId).Select(e => (string)e!["audit_metadata"]!["path"]!).ToArray();
        Assert.Equal(["/api/v2/campaigns", "/api/v2/api-keys"], sent);
    }

    [Fact]
    public async Task UnknownScopes_LeaveItToInstantly_And403BecomesScopeDenied()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (reference, _, _) = await harness.KeyAsync("campaigns:read");
        var client = harness.Client(reference);

        var denied = await Assert.ThrowsAsync<ScopeDeniedException>(() => client.CreateCampaignAsync("refused by the server"));

        Assert.False(denied.RefusedBeforeSending);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("Instantly said:", denied.Message, StringComparison.Ordinal);
        Assert.Contains("campaigns:create", denied.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedKey_Throws401AsApiKeyRejected_NamingTheReferenceNotTheKey()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (reference, key, id) = await harness.KeyAsync("campaigns:read");
        var client = harness.Client(reference, "campaigns:read");
        await client.ListCampaignsAsync();

        await harness.RevokeAsync(id);
        var rejected = await Assert.ThrowsAsync<ApiKeyRejectedException>(() => client.ListCampaignsAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Contains(reference, rejected.Message, StringComparison.Ordinal);
        Assert.Contains("revoked or rotated", rejected.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, rejected.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimited_RetriesAfterRetryAfter_ThenSucceeds()
    {
        await using var harness = await ClientHarness.StartAsync(new SandboxOptions { RequestsPerSecond = 2 });
        var (reference, _, _) = await harness.KeyAsync("campaigns:read");
        var client = harness.Client(reference, "campaigns:read");

        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < 4; i++)
        {
            await client.ListCampaignsAsync();
        }

        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromSeconds(0.5));
        var statuses = harness.Audit.Records.Select(r => r.Metadata!["status"]).ToArray();
        Assert.Contains("429", statuses);
        Assert.Equal(4, statuses.Count(s => s == "200"));
    }

    [Fact]
    public async Task RateLimited_AfterEveryRetry_ThrowsRateLimited()
    {
        // The sandbox's clock stands still mid-minute: its per-minute window is aligned to the clock's minutes, and one
        // that rolled over between the attempts would let a retry through.
        var sandboxClock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 30, TimeSpan.Zero));
        await using var harness = await ClientHarness.StartAsync(new SandboxOptions { RequestsPerMinute = 2, TimeProvider = sandboxClock });
        var (reference, _, _) = await harness.KeyAsync("campaigns:read");
        var client = harness.Client(reference, "campaigns:read", o =>
        {
            o.MaxRetries = 2;
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(50);
        });
        await client.ListCampaignsAsync();

        var limited = await Assert.ThrowsAsync<RateLimitedException>(() => client.ListCampaignsAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(3, harness.Audit.Records.Count(r => r.Metadata!["status"] == "429"));
    }

    [Fact]
    public async Task ClientSideLimiter_KeepsTheProcessUnderTheWorkspaceLimit()
    {
        await using var harness = await ClientHarness.StartAsync(new SandboxOptions { RequestsPerSecond = 20 });
        var (reference, _, _) = await harness.KeyAsync("campaigns:read");
        var client = harness.Client(reference, "campaigns:read", o => o.RequestsPerSecond = 10);

        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => client.ListCampaignsAsync()));

        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromSeconds(1.3));
        Assert.All(harness.Audit.Records, r => Assert.Equal("200", r.Metadata!["status"]));
    }

    [Fact]
    public async Task ReadAll_WalksEveryPage()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (reference, _, _) = await harness.KeyAsync("campaigns:all");
        var client = harness.Client(reference, "campaigns:all");
        for (var i = 0; i < 7; i++)
        {
            await client.CreateCampaignAsync($"campaign {i}");
        }

        var names = new List<string>();
        await foreach (var campaign in InstantlyClient.ReadAllAsync((cursor, ct) => client.ListCampaignsAsync(3, cursor, ct)))
        {
            names.Add(campaign.Name);
        }

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"campaign {i}"), names);
        Assert.Equal(3, harness.Audit.Records.Count(r => r.Resource == "GET /api/v2/campaigns"));
    }

    [Fact]
    public async Task RawSend_GuardsEveryCatalogOperation_AndRefusesPathsOutsideIt()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (reference, _, _) = await harness.KeyAsync("all:all");
        var client = harness.Client(reference, "all:all");

        var unmodelled = await Assert.ThrowsAsync<InstantlyApiException>(() => client.SendAsync("GET", "/api/v2/emails?limit=5"));
        var outside = await Assert.ThrowsAsync<InstantlyApiException>(() => client.SendAsync("GET", "/api/v2/not-an-operation"));
        var webhooks = await client.SendAsync("GET", "/api/v2/webhooks");

        Assert.Equal(HttpStatusCode.NotImplemented, unmodelled.StatusCode);
        Assert.Null(outside.StatusCode);
        Assert.Contains("not an Instantly API v2 operation", outside.Message, StringComparison.Ordinal);
        Assert.NotNull(webhooks!["items"]);
    }

    [Fact]
    public async Task NamedClients_EachUseTheirOwnKeyAndScopes()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (readerRef, _, readerId) = await harness.KeyAsync("campaigns:read");
        var (writerRef, _, writerId) = await harness.KeyAsync("campaigns:all");
        var services = harness.Services(s =>
        {
            s.AddInstantly("reader", o => (o.BaseAddress, o.ApiKey, o.Scopes) = (harness.Sandbox.BaseUrl, readerRef, "campaigns:read"));
            s.AddInstantly("writer", o => (o.BaseAddress, o.ApiKey, o.Scopes) = (harness.Sandbox.BaseUrl, writerRef, "campaigns:all"));
        });
        var factory = services.GetRequiredService<InstantlyClientFactory>();

        var created = await factory.Create("writer").CreateCampaignAsync("by the writer");
        var read = await factory.Create("reader").GetCampaignAsync(created.Id);
        await Assert.ThrowsAsync<ScopeDeniedException>(() => factory.Create("reader").CreateCampaignAsync("not by the reader"));

        Assert.Equal("by the writer", read.Name);
        Assert.Equal([$"instantly-key:{writerId}", $"instantly-key:{readerId}", $"instantly-key:{readerId}"], harness.Audit.Records.Select(r => r.Actor));
    }

    [Fact]
    public async Task ApiKeys_CreateReturnsARedactedSecretValue_ListNeverHoldsValues()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (reference, _, _) = await harness.KeyAsync("api_keys:all");
        var client = harness.Client(reference, "api_keys:all");

        var created = await client.CreateApiKeyAsync("rotation-target", ScopeSet.Parse("leads:read"));
        var listed = await client.ListApiKeysAsync();
        await client.DeleteApiKeyAsync(created.Details.Id);
        var after = await client.ListApiKeysAsync();

        Assert.Equal(68, created.Key.Length);
        Assert.DoesNotContain(created.Key.Reveal(), created.ToString(), StringComparison.Ordinal);
        Assert.Equal(["leads:read"], listed.Items.Single(k => k.Id == created.Details.Id).Scopes);
        Assert.DoesNotContain(after.Items, k => k.Id == created.Details.Id);
    }

    [Fact]
    public async Task Webhooks_CreateUpdateResumeAndEvents()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (reference, _, _) = await harness.KeyAsync("webhooks:all", "webhook_events:read");
        var client = harness.Client(reference, "webhooks:all webhook_events:read");

        var created = await client.CreateWebhookAsync(new WebhookDefinition("https://crm.example/hooks", "reply_received", Headers: new Dictionary<string, string> { ["x-shared-secret"] = "first-secret-value" }));
        var updated = await client.UpdateWebhookAsync(created.Id, new WebhookDefinition(Headers: new Dictionary<string, string> { ["x-shared-secret"] = "second-secret-value" }));
        var resumed = await client.ResumeWebhookAsync(created.Id);
        var events = await client.ListWebhookEventsAsync(success: false);

        Assert.Equal("second-secret-value", updated.Headers!["x-shared-secret"]);
        Assert.Equal("https://crm.example/hooks", updated.TargetHookUrl);
        Assert.False(resumed.IsDisabled);
        Assert.DoesNotContain("second-secret-value", resumed.ToString(), StringComparison.Ordinal);
        Assert.Empty(events.Items);
    }

    [Fact]
    public async Task AuditLogsMembersAndBlockList_AreReadable()
    {
        await using var harness = await ClientHarness.StartAsync(new SandboxOptions { Seed = SandboxSeed.Risky });
        var (reference, _, keyId) = await harness.KeyAsync("audit_logs:read", "workspace_members:read", "block_list_entries:all");
        var client = harness.Client(reference, "audit_logs:read workspace_members:read block_list_entries:all");

        var members = await client.ListWorkspaceMembersAsync();
        var entry = await client.CreateBlockListEntryAsync("rival.example");
        var blocked = await client.ListBlockListEntriesAsync();
        var logs = await client.ListAuditLogsAsync(new AuditLogQuery(Limit: 1000));

        Assert.Equal(3, members.Items.Count(m => m.Role == "admin"));
        Assert.True(entry.IsDomain);
        Assert.Single(blocked.Items);
        Assert.Contains(logs.Items, l => l.ApiKeyId == keyId && l.ActivityType == 0);
    }

    [Fact]
    public async Task KeyValueWhereAReferenceBelongs_IsRefusedWithoutEchoingIt()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (_, key, _) = await harness.KeyAsync("campaigns:read");

        var error = Assert.Throws<OptionsValidationException>(() => harness.Client(key));

        Assert.Contains("secret reference", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailingAuditSink_FailsTheCall()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (reference, _, _) = await harness.KeyAsync("campaigns:read");
        var services = harness.Services(
            s => s.AddInstantly(o => (o.BaseAddress, o.ApiKey, o.Scopes) = (harness.Sandbox.BaseUrl, reference, "campaigns:read")),
            new BrokenAuditSink());

        var error = await Assert.ThrowsAsync<IOException>(() => services.GetRequiredService<InstantlyClient>().ListCampaignsAsync());

        Assert.Equal("audit log unavailable", error.Message);
    }

    private sealed class BrokenAuditSink : Keyward.Core.Auditing.IAuditSink
    {
        public ValueTask WriteAsync(Keyward.Core.Auditing.AuditRecord record, CancellationToken cancellationToken = default) =>
            throw new IOException("audit log unavailable");
    }
}
