using System.Text.Json.Nodes;

namespace Keyward.Sandbox.Tests;

public class AuditLogTests
{
    [Fact]
    public async Task EveryCall_IsRecordedWithKeyIdIpAndActivityType_NewestFirst()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions());
        using var client = new SandboxClient(server);
        var (readerId, reader) = await client.CreateKeyAsync("reader", "campaigns:read");

        await client.GetAsync("/api/v2/campaigns", reader);
        await client.PostAsync("/api/v2/campaigns", new JsonObject { ["name"] = "denied" }, reader);
        var campaign = (string)(await client.PostAsync("/api/v2/campaigns", new JsonObject { ["name"] = "Q2" })).Body!["id"]!;
        await client.PostAsync($"/api/v2/campaigns/{campaign}/activate", new JsonObject());
        var (_, page, _) = await client.GetAsync("/api/v2/audit-logs?limit=1000");

        var entries = page!["items"]!.AsArray().Select(e => e!.AsObject()).ToArray();
        Assert.Equal(5, entries.Length);
        Assert.Equal(4, (int)entries[0]["activity_type"]!);
        Assert.Equal(campaign, (string?)entries[0]["campaign_id"]);
        Assert.Equal(37, (int)entries[^1]["activity_type"]!);
        var byReader = entries.Where(e => (string?)e["api_key_id"] == readerId).ToArray();
        Assert.Equal(2, byReader.Length);
        Assert.Equal([403, 200], byReader.Select(e => (int)e["audit_metadata"]!["status_code"]!));
        Assert.Equal("GET", (string?)byReader[1]["audit_metadata"]!["method"]);
        Assert.All(entries, e => Assert.Equal("127.0.0.1", (string?)e["ip_address"]));
        Assert.All(entries, e => Assert.True((bool)e["from_api"]!));
    }

    [Fact]
    public async Task Filters_ByActivityTypeAndSearch()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions());
        using var client = new SandboxClient(server);
        var (keyId, _) = await client.CreateKeyAsync("to-revoke", "leads:read");
        await client.SendAsync(HttpMethod.Delete, $"/api/v2/api-keys/{keyId}", client.AdminKey);

        var created = (await client.GetAsync("/api/v2/audit-logs?activity_type=37")).Body!["items"]!.AsArray();
        var deleted = (await client.GetAsync("/api/v2/audit-logs?activity_type=38")).Body!["items"]!.AsArray();
        var searched = (await client.GetAsync("/api/v2/audit-logs?search=api-keys")).Body!["items"]!.AsArray();

        Assert.Single(created);
        Assert.Single(deleted);
        Assert.Equal(2, searched.Count);
    }
}
