using System.Text.Json.Nodes;
using Keyward.Sandbox;

namespace Keyward.Cli.Tests.Commands;

/// <summary><c>keyward webhooks create|list|resume</c> against the sandbox's risky workspace.</summary>
[Collection(ProcessEnvironment.Name)]
public sealed class WebhooksManagementTests : IAsyncLifetime
{
    private KeysHarness _harness = null!;

    private string Secret => $"vault-file:{Path.Combine(_harness.Directory.Path, "secrets.kwv")}#INSTANTLY_WEBHOOK_SECRET";

    public async Task InitializeAsync() => _harness = await KeysHarness.StartAsync(new SandboxOptions { Seed = SandboxSeed.Risky });

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task List_FlagsTheDisabledTheUnauthenticatedAndThePlainHttpOnes_AndExits1()
    {
        var list = await Webhooks("list", "--json");

        Assert.Equal(1, list.ExitCode);
        var webhooks = JsonNode.Parse(list.Stdout)!.AsArray();
        Assert.Contains(webhooks, w => (string?)w!["name"] == "Reply alerts (no auth)" && Findings(w).Contains("unauthenticated (no secret header)"));
        Assert.Contains(webhooks, w => (string?)w!["name"] == "Legacy CRM (plain http)" && Findings(w).Contains("plain http"));
        Assert.Contains(webhooks, w => (string?)w!["name"] == "Broken Slack relay" && Findings(w).Any(f => f.StartsWith("disabled", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Create_StoresAStrongSecretFirst_AndSendsItInTheHeader_NeverPrintingIt()
    {
        var created = await Webhooks("create", "--url", "https://hooks.example.com/webhooks/instantly", "--events", "reply_received", "lead_interested", "--secret", Secret, "--json");
        var secret = await RevealAsync();
        var list = JsonNode.Parse((await Webhooks("list", "--json")).Stdout)!.AsArray();

        Assert.True(created.ExitCode == 0, created.Stderr);
        var result = JsonNode.Parse(created.Stdout)!;
        Assert.Equal((Secret, "X-Keyward-Webhook-Secret"), ((string?)result["secret"], (string?)result["header"]));
        Assert.Equal(["lead_interested", "reply_received"], result["created"]!.AsArray().Select(w => (string)w!["eventType"]!).Order());
        Assert.Equal(43, secret.Length); // 32 random bytes, base64url
        Assert.DoesNotContain(secret, created.Stdout + created.Stderr, StringComparison.Ordinal);
        var mine = list.Where(w => (string?)w!["targetHookUrl"] == "https://hooks.example.com/webhooks/instantly").ToArray();
        Assert.Equal(["lead_interested", "reply_received"], mine.Select(w => (string)w!["eventType"]!).Order());
        Assert.All(mine, w => Assert.Equal(["X-Keyward-Webhook-Secret"], w!["headers"]!.AsArray().Select(h => (string)h!)));
        Assert.All(mine, w => Assert.Empty(Findings(w!)));
    }

    [Fact]
    public async Task Create_WithASecretInPostgres_NeverPrintsTheConnectionStringsPassword()
    {
        var connection = Environment.GetEnvironmentVariable("KEYWARD_TEST_POSTGRES")
            ?? throw new InvalidOperationException("KEYWARD_TEST_POSTGRES is not set: run the tests with scripts/test.sh, which starts a throwaway PostgreSQL");
        var password = new Npgsql.NpgsqlConnectionStringBuilder(connection).Password!;
        var reference = $"postgres:{connection}#WEBHOOK_SECRET_{Guid.NewGuid():N}";

        var json = await Webhooks("create", "--url", "https://hooks.example.com/pg/json", "--events", "reply_received", "--secret", reference, "--json");
        var text = await Webhooks("create", "--url", "https://hooks.example.com/pg/text", "--events", "reply_received", "--secret", reference);

        Assert.True(json.ExitCode == 0 && text.ExitCode == 0, json.Stderr + text.Stderr);
        Assert.DoesNotContain(password, json.Stdout + json.Stderr + text.Stdout + text.Stderr, StringComparison.Ordinal);
        Assert.Contains("Password=***", (string?)JsonNode.Parse(json.Stdout)!["secret"], StringComparison.Ordinal);
        Assert.Contains("Password=***", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_AgainOrWithAnUnknownEventType_KeepsTheSecretTheWebhooksBeforeItSend()
    {
        const string Url = "https://hooks.example.com/webhooks/instantly";
        var first = await Webhooks("create", "--url", Url, "--events", "reply_received", "--secret", Secret);
        var secret = await RevealAsync();

        var typo = await Webhooks("create", "--url", Url, "--events", "lead_interested", "lead_intrested", "--secret", Secret);
        var afterTypo = await RevealAsync();
        var second = await Webhooks("create", "--url", Url, "--events", "lead_interested", "--secret", Secret);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("'lead_intrested' is not an Instantly webhook event type", typo.Stderr, StringComparison.Ordinal);
        Assert.Equal(secret, afterTypo);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Equal(secret, await RevealAsync());

        // Both webhooks send the one secret the receiver accepts; the refused command created none.
        using var api = new HttpClient { BaseAddress = _harness.Sandbox.BaseUrl };
        api.DefaultRequestHeaders.Authorization = new("Bearer", _harness.Sandbox.AdminKey.Reveal());
        var mine = JsonNode.Parse(await api.GetStringAsync("/api/v2/webhooks?limit=100"))!["items"]!.AsArray()
            .Where(w => (string?)w!["target_hook_url"] == Url).ToArray();
        Assert.Equal(["lead_interested", "reply_received"], mine.Select(w => (string)w!["event_type"]!).Order());
        Assert.All(mine, w => Assert.Equal(secret, (string?)w!["headers"]!["X-Keyward-Webhook-Secret"]));
    }

    [Fact]
    public async Task Create_RefusesAPlainHttpTarget_UnlessAllowed()
    {
        var refused = await Webhooks("create", "--url", "http://crm.example.com/hook", "--events", "all_events", "--secret", Secret);
        var allowed = await Webhooks("create", "--url", "http://crm.example.com/hook", "--events", "all_events", "--secret", Secret, "--allow-insecure");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("must be https", refused.Stderr, StringComparison.Ordinal);
        Assert.True(allowed.ExitCode == 0, allowed.Stderr);
    }

    [Fact]
    public async Task Resume_ReEnablesADisabledWebhook()
    {
        var broken = JsonNode.Parse((await Webhooks("list", "--json")).Stdout)!.AsArray().Single(w => (string?)w!["name"] == "Broken Slack relay")!;

        var resumed = await Webhooks("resume", (string)broken["id"]!, "--json");
        var after = JsonNode.Parse((await Webhooks("list", "--json")).Stdout)!.AsArray().Single(w => (string?)w!["name"] == "Broken Slack relay")!;

        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal((string?)broken["id"], (string?)JsonNode.Parse(resumed.Stdout)!["id"]);
        Assert.DoesNotContain(Findings(after), f => f.StartsWith("disabled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resume_OfAnUnknownId_NamesIt_AndAKeyPastedForItsReference_IsRefusedWithoutEchoingIt()
    {
        var key = Environment.GetEnvironmentVariable(_harness.AdminVariable)!;

        var unknown = await Webhooks("resume", "no-such-webhook");
        var pasted = await CliRunner.RunAsync("webhooks", "resume", "no-such-webhook", "--admin-secret", key, "--base-url", _harness.Sandbox.BaseUrl.ToString());

        Assert.Equal((2, 2), (unknown.ExitCode, pasted.ExitCode));
        Assert.Equal("error: there is no webhook 'no-such-webhook' in this workspace (keyward webhooks list shows their ids)", unknown.Stderr.Trim());
        Assert.Equal("error: --admin-secret takes a secret reference such as env:INSTANTLY_API_KEY, never the key itself", pasted.Stderr.Trim());
    }

    private async Task<string> RevealAsync() => (await CliRunner.RunAsync("secrets", "get", Secret, "--reveal")).Stdout.Trim();

    private static string[] Findings(JsonNode webhook) => [.. webhook["findings"]!.AsArray().Select(f => (string)f!)];

    private Task<CliResult> Webhooks(params string[] args) =>
        CliRunner.RunAsync(["webhooks", .. args, "--admin-secret", $"env:{_harness.AdminVariable}", "--base-url", _harness.Sandbox.BaseUrl.ToString()]);
}
