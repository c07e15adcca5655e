using System.Text.Json.Nodes;

namespace Keyward.Sandbox.Tests;

public sealed class MembersAndBlockListTests : SandboxTest
{

    [Fact]
    public async Task Members_OwnerCannotBeCreatedOrAssigned_OtherRolesCan()
    {
        var owner = await Client.PostAsync("/api/v2/workspace-members", new JsonObject { ["email"] = "eve@example.com", ["role"] = "owner" });
        var editor = await Client.PostAsync("/api/v2/workspace-members", new JsonObject { ["email"] = "ed@example.com", ["role"] = "editor" });
        var id = (string)editor.Body!["id"]!;
        var promote = await Client.SendAsync(HttpMethod.Patch, $"/api/v2/workspace-members/{id}", Client.AdminKey, new JsonObject { ["role"] = "owner" });
        var admin = await Client.SendAsync(HttpMethod.Patch, $"/api/v2/workspace-members/{id}", Client.AdminKey, new JsonObject { ["role"] = "admin" });
        var bogus = await Client.PostAsync("/api/v2/workspace-members", new JsonObject { ["email"] = "x@example.com", ["role"] = "superuser" });
        var list = (await Client.GetAsync("/api/v2/workspace-members")).Body!["items"]!.AsArray();

        Assert.Equal(400, owner.Status);
        Assert.Contains("owner role cannot be assigned", (string)owner.Body!["message"]!, StringComparison.Ordinal);
        Assert.Equal(400, promote.Status);
        Assert.Equal("admin", (string?)admin.Body!["role"]);
        Assert.Equal(400, bogus.Status);
        Assert.Equal(["owner", "admin"], list.Select(m => (string)m!["role"]!));
    }

    [Fact]
    public async Task BlockList_CreateBulkFilterDownloadAndDelete()
    {
        var single = await Client.PostAsync("/api/v2/block-lists-entries", new JsonObject { ["bl_value"] = "Competitor.example" });
        var bulk = await Client.PostAsync("/api/v2/block-lists-entries/bulk-create", new JsonObject { ["bl_values"] = new JsonArray("ceo@rival.example", "not a value", "rival.example") });
        var domains = (await Client.GetAsync("/api/v2/block-lists-entries?domains_only=true")).Body!["items"]!.AsArray();
        var csv = await Client.GetAsync("/api/v2/block-lists-entries/download");
        var ids = bulk.Body!["items"]!.AsArray().Select(i => (JsonNode)(string)i!["id"]!).ToArray();
        var bulkDelete = await Client.PostAsync("/api/v2/block-lists-entries/bulk-delete", new JsonObject { ["ids"] = new JsonArray(ids) });
        var deleteAll = await Client.SendAsync(HttpMethod.Delete, "/api/v2/block-lists-entries", Client.AdminKey);
        var left = (await Client.GetAsync("/api/v2/block-lists-entries")).Body!["items"]!.AsArray();

        Assert.Equal("competitor.example", (string?)single.Body!["bl_value"]);
        Assert.True((bool)single.Body["is_domain"]!);
        Assert.Equal(2, (int)bulk.Body["valid_count"]!);
        Assert.Equal(1, (int)bulk.Body["invalid_count"]!);
        Assert.Equal(["competitor.example", "rival.example"], domains.Select(d => (string)d!["bl_value"]!));
        Assert.StartsWith("bl_value,is_domain,timestamp_created\n", csv.Body!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("ceo@rival.example,false,", csv.Body!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, (int)bulkDelete.Body!["count"]!);
        Assert.Equal(1, (int)deleteAll.Body!["count"]!);
        Assert.Empty(left);
    }

    [Fact]
    public async Task Campaigns_CrudActivateAndPause()
    {
        var id = (string)(await Client.PostAsync("/api/v2/campaigns", new JsonObject { ["name"] = "Launch" })).Body!["id"]!;

        var activated = await Client.PostAsync($"/api/v2/campaigns/{id}/activate", new JsonObject());
        var paused = await Client.PostAsync($"/api/v2/campaigns/{id}/pause", new JsonObject());
        var renamed = await Client.SendAsync(HttpMethod.Patch, $"/api/v2/campaigns/{id}", Client.AdminKey, new JsonObject { ["name"] = "Launch v2" });
        var readOnly = await Client.SendAsync(HttpMethod.Patch, $"/api/v2/campaigns/{id}", Client.AdminKey, new JsonObject { ["id"] = "other" });
        var searched = (await Client.GetAsync("/api/v2/campaigns?search=v2")).Body!["items"]!.AsArray();

        Assert.Equal(1, (int)activated.Body!["status"]!);
        Assert.Equal(2, (int)paused.Body!["status"]!);
        Assert.Equal("Launch v2", (string?)renamed.Body!["name"]);
        Assert.Equal(400, readOnly.Status);
        Assert.Single(searched);
    }

    [Fact]
    public async Task Accounts_AreKeyedByEmailAndNeverEchoPasswords()
    {
        var created = await Client.PostAsync("/api/v2/accounts", new JsonObject
        {
            ["email"] = "sender@outreach.example",
            ["imap_password"] = "imap-pass-value",
            ["smtp_password"] = "smtp-pass-value",
        });
        var fetched = await Client.GetAsync("/api/v2/accounts/sender@outreach.example");
        var duplicate = await Client.PostAsync("/api/v2/accounts", new JsonObject { ["email"] = "sender@outreach.example" });
        var paused = await Client.PostAsync("/api/v2/accounts/sender@outreach.example/pause", new JsonObject());
        var rekeyed = await Client.SendAsync(HttpMethod.Patch, "/api/v2/accounts/sender@outreach.example", Client.AdminKey, new JsonObject { ["email"] = "other@outreach.example" });

        Assert.Equal(200, created.Status);
        Assert.DoesNotContain("pass-value", created.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("sender@outreach.example", (string?)fetched.Body!["email"]);
        Assert.Equal(409, duplicate.Status);
        Assert.Equal(2, (int)paused.Body!["status"]!);
        Assert.Equal(400, rekeyed.Status);
        Assert.Equal("body/email cannot be changed", (string?)rekeyed.Body!["message"]);
    }
}
