using System.Text.Json.Nodes;
using Keyward.Tests.Shared;

namespace Keyward.Sandbox.Tests;

public class StateAndSeedTests
{
    [Fact]
    public async Task StateFile_KeepsKeysAndResourcesAcrossRestarts_AndIsOwnerOnly()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "sandbox.json");
        string key, list, adminKey;
        await using (var first = await SandboxServer.StartAsync(new SandboxOptions { StatePath = path }))
        {
            using var client = new SandboxClient(first);
            adminKey = client.AdminKey;
            (_, key) = await client.CreateKeyAsync("kept", "lead_lists:all");
            list = (string)(await client.PostAsync("/api/v2/lead-lists", new JsonObject { ["name"] = "kept list" }, key)).Body!["id"]!;
        }

        await using var second = await SandboxServer.StartAsync(new SandboxOptions { StatePath = path });
        using var again = new SandboxClient(second);
        var fetched = await again.GetAsync($"/api/v2/lead-lists/{list}", key);

        Assert.Equal(adminKey, again.AdminKey);
        Assert.Equal("kept list", (string?)fetched.Body!["name"]);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public async Task StateFile_ThatIsNotASandboxState_IsRefusedWithAClearError()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "other.json");
        await File.WriteAllTextAsync(path, """{"some":"other file"}""");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SandboxServer.StartAsync(new SandboxOptions { StatePath = path }));

        Assert.Contains("not a keyward sandbox state file", error.Message, StringComparison.Ordinal);
        Assert.Equal("""{"some":"other file"}""", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task RiskySeed_HoldsTheUnsafeSetupTheChecksLookFor()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Seed = SandboxSeed.Risky });
        using var client = new SandboxClient(server);

        var keys = (await client.GetAsync("/api/v2/api-keys")).Body!["items"]!.AsArray().Select(k => k!.AsObject()).ToArray();
        var webhooks = (await client.GetAsync("/api/v2/webhooks")).Body!["items"]!.AsArray().Select(w => w!.AsObject()).ToArray();
        var members = (await client.GetAsync("/api/v2/workspace-members")).Body!["items"]!.AsArray();
        var blockList = (await client.GetAsync("/api/v2/block-lists-entries")).Body!["items"]!.AsArray();

        Assert.True(keys.Count(k => k["scopes"]!.AsArray().Any(s => (string?)s == "all:all")) >= 2);
        Assert.Contains(keys, k => DateTimeOffset.Parse((string)k["timestamp_created"]!, System.Globalization.CultureInfo.InvariantCulture) < DateTimeOffset.UtcNow.AddDays(-399));
        Assert.Contains(webhooks, w => w["headers"] is null);
        Assert.Contains(webhooks, w => ((string)w["target_hook_url"]!).StartsWith("http://", StringComparison.Ordinal));
        Assert.Contains(webhooks, w => (int)w["status"]! == -1);
        Assert.Equal(3, members.Count(m => (string?)m!["role"] == "admin"));
        Assert.Empty(blockList);
    }

    [Fact]
    public async Task EmptySeed_HasOnlyTheOwnerAndTheAdminKey()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions());
        using var client = new SandboxClient(server);

        var keys = (await client.GetAsync("/api/v2/api-keys")).Body!["items"]!.AsArray();
        var members = (await client.GetAsync("/api/v2/workspace-members")).Body!["items"]!.AsArray();

        Assert.Equal(["all:all"], Assert.Single(keys)!["scopes"]!.AsArray().Select(s => (string)s!));
        Assert.Equal("owner", (string?)Assert.Single(members)!["role"]);
    }
}
