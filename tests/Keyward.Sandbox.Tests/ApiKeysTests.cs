using System.Text;
using System.Text.Json.Nodes;

namespace Keyward.Sandbox.Tests;

public sealed class ApiKeysTests : SandboxTest
{

    [Fact]
    public async Task Create_ReturnsTheKeyOnceInTheObservedShape_AndListMasksIt()
    {
        var (id, key) = await Client.CreateKeyAsync("crm-sync", "leads:read", "campaigns:read");

        var decoded = Encoding.ASCII.GetString(Convert.FromBase64String(key));
        var (_, list, _) = await Client.GetAsync("/api/v2/api-keys");
        var listed = list!["items"]!.AsArray().Single(k => (string?)k!["id"] == id)!;

        Assert.Equal(68, key.Length);
        Assert.EndsWith("==", key, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[A-Za-z0-9]{12}$", decoded);
        Assert.Equal(["campaigns:read", "leads:read"], listed["scopes"]!.AsArray().Select(s => (string)s!).Order());
        Assert.DoesNotContain(key, list.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(key[..4] + "...", (string?)listed["key"]);
    }

    [Fact]
    public async Task Delete_RevokesAtOnce()
    {
        var (id, key) = await Client.CreateKeyAsync("short-lived", "campaigns:read");
        var before = await Client.GetAsync("/api/v2/campaigns", key);

        var (deleted, _, _) = await Client.SendAsync(HttpMethod.Delete, $"/api/v2/api-keys/{id}", Client.AdminKey);
        var after = await Client.GetAsync("/api/v2/campaigns", key);
        var again = await Client.SendAsync(HttpMethod.Delete, $"/api/v2/api-keys/{id}", Client.AdminKey);

        Assert.Equal(200, before.Status);
        Assert.Equal(200, deleted);
        Assert.Equal(401, after.Status);
        Assert.Equal(404, again.Status);
    }

    [Theory]
    [InlineData("""{"scopes":["leads:read"]}""", "body must have required property 'name'")]
    [InlineData("""{"name":"x"}""", "body must have required property 'scopes'")]
    [InlineData("""{"name":"x","scopes":["leads:write"]}""", "\"leads:write\" is not an Instantly scope")]
    public async Task Create_RejectsInvalidBodies(string body, string expected)
    {
        var (status, response, _) = await Client.PostAsync("/api/v2/api-keys", JsonNode.Parse(body)!);

        Assert.Equal(400, status);
        Assert.Contains(expected, (string)response!["message"]!, StringComparison.Ordinal);
    }
}
