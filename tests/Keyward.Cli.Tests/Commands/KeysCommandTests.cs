using System.Net;
using System.Text.Json.Nodes;
using Keyward.Sandbox;

namespace Keyward.Cli.Tests.Commands;

[Collection(ProcessEnvironment.Name)]
public sealed class KeysCommandTests : IAsyncLifetime
{
    private KeysHarness _harness = null!;

    private string Vault => Path.Combine(_harness.Directory.Path, "secrets.kwv");

    public async Task InitializeAsync() => _harness = await KeysHarness.StartAsync(new SandboxOptions { Seed = SandboxSeed.Risky });

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task ListAndDue_ShowTheRiskyWorkspacesKeys_DueExits1ForTheOldOne()
    {
        var list = await Keys("list", "--json");
        var due = await Keys("due", "--max-age", "90d");

        Assert.True(list.ExitCode == 0, list.Stderr);
        var keys = JsonNode.Parse(list.Stdout)!.AsArray();
        Assert.Equal(4, keys.Count);
        Assert.Contains(keys, k => (string?)k!["name"] == "zapier-everything" && (string?)k["risk"] == "critical");
        Assert.Equal(1, due.ExitCode);
        Assert.Contains("crm-sync-2025", due.Stdout, StringComparison.Ordinal);
        Assert.Contains("400 days old", due.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAndDue_Json_GiveEachKeysScopesRiskAndAgeInDays()
    {
        var keys = await _harness.ListKeysAsync();
        var due = await Keys("due", "--max-age", "90d", "--json");

        var crm = keys.Single(k => (string?)k["name"] == "crm-sync-2025");
        Assert.Equal(["id", "name", "scopes", "risk", "ageDays"], crm.AsObject().Select(p => p.Key));
        Assert.Equal(["campaigns:read", "leads:all"], crm["scopes"]!.AsArray().Select(s => (string)s!));
        Assert.Equal("medium", (string?)crm["risk"]);
        Assert.Equal(400, (int)crm["ageDays"]!);
        Assert.Equal(1, due.ExitCode);
        var overdue = Assert.Single(JsonNode.Parse(due.Stdout)!.AsArray())!.AsObject();
        Assert.Equal(["id", "name", "ageDays"], overdue.Select(p => p.Key));
        Assert.Equal((string?)crm["id"], (string?)overdue["id"]);
        Assert.Equal(400, (int)overdue["ageDays"]!);
    }

    [Fact]
    public async Task Create_StoresTheWorkingKeyAtTheReference_PrintsOnlyItsId_AndAudits()
    {
        var reference = $"vault-file:{Vault}#crm";

        var created = await Keys("create", "--name", "crm-sync-2026", "--scopes", "campaigns:read", "--secret", reference);
        var value = await CliRunner.RunAsync("secrets", "get", reference, "--reveal");
        var audit = await CliRunner.RunAsync("audit-log", "query", "--action", "key.create", "--json");

        Assert.Equal(0, created.ExitCode);
        var id = created.Stdout.Trim();
        Assert.True(Guid.TryParse(id, out _), created.Stdout);
        Assert.DoesNotContain(value.Stdout.Trim(), created.Stdout + created.Stderr, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await CallWithAsync(value.Stdout.Trim()));
        Assert.Equal($"instantly key {id}", (string?)JsonNode.Parse(audit.Stdout)!.AsArray().Single()!["resource"]);
    }

    [Fact]
    public async Task Revoke_RefusesTheKeyInUse_UnlessForced()
    {
        var reference = $"vault-file:{Vault}#crm";
        var id = (await Keys("create", "--name", "to-revoke", "--scopes", "campaigns:read", "--secret", reference)).Stdout.Trim();
        var value = (await CliRunner.RunAsync("secrets", "get", reference, "--reveal")).Stdout.Trim();

        var refused = await Keys("revoke", id, "--secret", reference);
        var forced = await Keys("revoke", id, "--secret", reference, "--force");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("current key", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await CallWithAsync(value));
    }

    [Fact]
    public async Task Revoke_OfAnUnknownId_IsAUsageErrorNamingIt()
    {
        var result = await Keys("revoke", "no-such-key");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: there is no API key 'no-such-key' in this workspace (keyward keys list shows their ids)", result.Stderr.Trim());
    }

    [Fact]
    public async Task Create_IntoAReadOnlyReference_IsRefusedBeforeAnyKeyIsMade()
    {
        var result = await Keys("create", "--name", "nowhere", "--scopes", "campaigns:read", "--secret", "env:KEYWARD_NOT_WRITABLE");
        var list = await Keys("list", "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("read-only", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(4, JsonNode.Parse(list.Stdout)!.AsArray().Count);
    }

    [Fact]
    public async Task AdminKey_CanComeFromTheVault_NotOnlyTheEnvironment()
    {
        var reference = $"vault-file:{Vault}#admin";
        await CliRunner.RunWithInputAsync(_harness.Sandbox.AdminKey.Reveal(), "secrets", "set", reference);

        var list = await CliRunner.RunAsync("keys", "list", "--json", "--admin-secret", reference, "--base-url", _harness.Sandbox.BaseUrl.ToString());

        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Equal(4, JsonNode.Parse(list.Stdout)!.AsArray().Count);
    }

    private Task<CliResult> Keys(params string[] args) => _harness.Keys(args);

    private Task<HttpStatusCode> CallWithAsync(string key) => _harness.CallWithAsync(key);
}
