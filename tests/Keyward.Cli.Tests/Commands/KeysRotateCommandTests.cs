using System.Net;
using System.Text.Json.Nodes;

namespace Keyward.Cli.Tests.Commands;

/// <summary><c>keyward keys rotate</c> end to end against the sandbox, in-process; the crash test is
/// <see cref="KeysRotateCrashTests"/>.</summary>
[Collection(ProcessEnvironment.Name)]
public sealed class KeysRotateCommandTests : IAsyncLifetime
{
    private KeysHarness _harness = null!;

    private string Reference => $"vault-file:{Path.Combine(_harness.Directory.Path, "secrets.kwv")}#CRM_KEY";

    private string Journal => Path.Combine(_harness.Directory.Path, "rotations.db");

    public async Task InitializeAsync() => _harness = await KeysHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Rotate_SwitchesTheStoreToANewWorkingKey_RevokesTheOldOne_AndNeverPrintsAValue()
    {
        var oldId = (await Keys("create", "--name", "crm-sync", "--scopes", "campaigns:read leads:read", "--secret", Reference)).Stdout.Trim();
        var oldKey = await RevealAsync("current");

        var rotated = await Keys("rotate", "--secret", Reference, "--grace", "0s", "--journal", Journal);

        Assert.True(rotated.ExitCode == 0, rotated.Stderr);
        var newKey = await RevealAsync("current");
        Assert.NotEqual(oldKey, newKey);
        Assert.Equal(HttpStatusCode.OK, await CallWithAsync(newKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallWithAsync(oldKey));
        var keys = await ListKeysAsync();
        var fresh = Assert.Single(keys, k => ((string)k["name"]!).StartsWith("crm-sync [keyward kwrot-", StringComparison.Ordinal));
        Assert.Equal(["campaigns:read", "leads:read"], fresh["scopes"]!.AsArray().Select(s => (string)s!));
        Assert.DoesNotContain(keys, k => (string?)k["id"] == oldId);
        Assert.True(rotated.Stdout.Contains($"the old key {oldId} is revoked", StringComparison.Ordinal), rotated.Stdout);
        Assert.DoesNotContain(newKey, rotated.Stdout + rotated.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(oldKey, rotated.Stdout + rotated.Stderr, StringComparison.Ordinal);
        Assert.Equal(oldKey, await RevealAsync("previous"));
        var audit = await CliRunner.RunAsync("audit-log", "query", "--json");
        Assert.Equal(
            ["rotation.create", "rotation.test", "rotation.promote", "rotation.revoke", "rotation.done"],
            JsonNode.Parse(audit.Stdout)!.AsArray().Select(e => (string)e!["action"]!).Where(a => a.StartsWith("rotation.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Rotate_WithAPreset_ReScopesTheNewKey()
    {
        await Keys("create", "--name", "too-broad", "--scopes", "all:all", "--secret", Reference);

        var rotated = await Keys("rotate", "--secret", Reference, "--grace", "0s", "--preset", "analytics-dashboard", "--journal", Journal);

        Assert.True(rotated.ExitCode == 0, rotated.Stderr);
        var fresh = Assert.Single(await ListKeysAsync(), k => ((string)k["name"]!).StartsWith("too-broad [keyward", StringComparison.Ordinal));
        Assert.Equal(["accounts:read", "campaigns:read"], fresh["scopes"]!.AsArray().Select(s => (string)s!).Order());
    }

    [Fact]
    public async Task DryRun_PrintsThePlan_AndChangesNothing()
    {
        var oldId = (await Keys("create", "--name", "crm", "--scopes", "all:all", "--secret", Reference)).Stdout.Trim();
        var before = await ListKeysAsync();

        var dryRun = await Keys("rotate", "--secret", Reference, "--dry-run", "--journal", Journal);

        Assert.True(dryRun.ExitCode == 0, dryRun.Stderr);
        Assert.Contains($"revoke key {oldId}", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("after 10m of grace", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("every permission", dryRun.Stderr, StringComparison.Ordinal);
        Assert.Equal(before.Count, (await ListKeysAsync()).Count);
        Assert.Equal("No unfinished rotation.", (await Keys("rotate", "--resume", "--journal", Journal)).Stdout.Trim());
    }

    [Fact]
    public async Task OldKeyStillInUse_HoldsTheRevocation_UntilResumedWithIgnoreUsage()
    {
        await Keys("create", "--name", "crm", "--scopes", "campaigns:read", "--secret", Reference);
        var oldKey = await RevealAsync("current");
        var rotation = Keys("rotate", "--secret", Reference, "--grace", "3s", "--journal", Journal);
        await WaitUntilAsync(async () => await RevealAsync("current") != oldKey);

        Assert.Equal(HttpStatusCode.OK, await CallWithAsync(oldKey)); // a consumer that has not reloaded yet
        var held = await rotation;
        var resumed = await Keys("rotate", "--resume", "--ignore-usage", "--journal", Journal);

        Assert.Equal(3, held.ExitCode);
        Assert.Contains("was used 1 times since the promotion", held.Stderr, StringComparison.Ordinal);
        Assert.Contains("--resume", held.Stderr, StringComparison.Ordinal);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(HttpStatusCode.Unauthorized, await CallWithAsync(oldKey));
    }

    [Fact]
    public async Task TheJournal_ComesFromKeywardYaml_WhenNoFlagNamesIt()
    {
        var configured = Path.Combine(_harness.Directory.Path, "team", "rotations.db");
        var config = _harness.Directory.Write("keyward.yaml", $"rotation:\n  journal: {configured}\n");
        await Keys("create", "--name", "crm", "--scopes", "campaigns:read", "--secret", Reference);

        var rotated = await Keys("rotate", "--secret", Reference, "--grace", "0s", "--config", config);

        Assert.True(rotated.ExitCode == 0, rotated.Stderr);
        Assert.True(File.Exists(configured));
    }

    [Fact]
    public async Task ReadOnlyReference_IsRefusedBeforeAnyKeyIsMade()
    {
        Environment.SetEnvironmentVariable("KEYWARD_TEST_RO_KEY", _harness.Sandbox.AdminKey.Reveal());
        try
        {
            var refused = await Keys("rotate", "--secret", "env:KEYWARD_TEST_RO_KEY", "--journal", Journal);

            Assert.Equal(3, refused.ExitCode);
            Assert.Contains("read-only", refused.Stderr, StringComparison.Ordinal);
            Assert.Single(await ListKeysAsync());
        }
        finally
        {
            Environment.SetEnvironmentVariable("KEYWARD_TEST_RO_KEY", null);
        }
    }

    [Fact]
    public async Task Salesloft_IsGuided_VerifiesTheKeyFromStdin_ThenMakesItCurrent()
    {
        var reference = $"vault-file:{Path.Combine(_harness.Directory.Path, "secrets.kwv")}#SALESLOFT_KEY";
        await CliRunner.RunWithInputAsync("v2_ak_1_old-token-value-0000000000", "secrets", "set", reference); // keyward:allow (fake)
        var baseUrl = _harness.Sandbox.BaseUrl.ToString();

        var rejected = await CliRunner.RunWithInputAsync("v2_ak_1_not-a-real-token-00000000\n", "keys", "rotate", "--provider", "salesloft", "--secret", reference, "--base-url", baseUrl); // keyward:allow (fake)
        var rotated = await CliRunner.RunWithInputAsync(_harness.Sandbox.SalesloftKey.Reveal() + "\n", "keys", "rotate", "--provider", "salesloft", "--secret", reference, "--base-url", baseUrl);

        Assert.Equal(3, rejected.ExitCode);
        Assert.Contains("Salesloft rejects the new key", rejected.Stderr, StringComparison.Ordinal);
        Assert.True(rotated.ExitCode == 0, rotated.Stderr);
        Assert.Contains("Settings > API", rotated.Stdout, StringComparison.Ordinal);
        Assert.Contains("revoke the old key in Salesloft", rotated.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(_harness.Sandbox.SalesloftKey.Reveal(), rotated.Stdout, StringComparison.Ordinal);
        Assert.Equal(_harness.Sandbox.SalesloftKey.Reveal(), (await CliRunner.RunAsync("secrets", "get", reference, "--reveal")).Stdout.Trim());
    }

    private Task<CliResult> Keys(params string[] args) => _harness.Keys(args);

    private async Task<string> RevealAsync(string label)
    {
        var result = await CliRunner.RunAsync("secrets", "get", Reference, "--reveal", "--label", label);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Stdout.Trim();
    }

    private Task<List<JsonNode>> ListKeysAsync() => _harness.ListKeysAsync();

    private Task<HttpStatusCode> CallWithAsync(string key) => _harness.CallWithAsync(key);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50);
        }
    }
}
