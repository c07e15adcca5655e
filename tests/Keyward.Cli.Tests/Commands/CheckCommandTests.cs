using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Keyward.Sandbox;
using Keyward.Tests.Shared;

namespace Keyward.Cli.Tests.Commands;

/// <summary><c>keyward check</c> end to end: each check fails on the risky sandbox (or a planted repository) for the
/// planted reason, and passes once the fix it suggests is applied.</summary>
/// <remarks>
/// Like a careful team, each test checks with a read-only posture-audit key and applies fixes with a separate
/// "fixer" key; the sandbox's printed admin key is revoked first, so only the seeded keys and these two remain.
/// </remarks>
[Collection(ProcessEnvironment.Name)]
public sealed partial class CheckCommandTests : IAsyncLifetime
{
    private static readonly string[] WorkspaceChecks = ["KW004", "KW005", "KW006", "KW007", "KW008", "KW009", "KW010"];

    private readonly string _state = Path.Combine(Path.GetTempPath(), $"keyward-check-state-{Guid.NewGuid():N}.json");
    private readonly string _posture = "KEYWARD_TEST_POSTURE_" + Guid.NewGuid().ToString("N");
    private readonly string _fixer = "KEYWARD_TEST_FIXER_" + Guid.NewGuid().ToString("N");
    private KeysHarness _harness = null!;
    private GitRepository _repository = null!;
    private string _fixerId = null!;

    public async Task InitializeAsync()
    {
        _harness = await KeysHarness.StartAsync(new SandboxOptions { Seed = SandboxSeed.Risky, StatePath = _state });
        _repository = CleanRepository();
        using var admin = Api(_harness.Sandbox.AdminKey.Reveal());
        var adminId = (await KeysAsync(admin)).Single(k => (string?)k["name"] == "keyward-sandbox-admin")["id"]!.ToString();
        Environment.SetEnvironmentVariable(_posture, await CreateKeyAsync(admin, "keyward-check", "workspaces:read api_keys:read webhooks:read workspace_members:read block_list_entries:read audit_logs:read"));
        var fixer = await CreateKeyAsync(admin, "fixer", "all:all");
        Environment.SetEnvironmentVariable(_fixer, fixer);
        _fixerId = (await KeysAsync(admin)).Single(k => (string?)k["name"] == "fixer")["id"]!.ToString();
        using (await admin.DeleteAsync($"/api/v2/api-keys/{adminId}"))
        {
        }
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_posture, null);
        Environment.SetEnvironmentVariable(_fixer, null);
        _repository.Dispose();
        await _harness.DisposeAsync();
        File.Delete(_state);
    }

    [Fact]
    public async Task Sandbox_ChecksTheRiskyWorkspace_WithNoAccount_AndExits1()
    {
        var result = await CliRunner.RunAsync("check", _repository.Path, "--sandbox");

        Assert.Equal(1, result.ExitCode);
        var statuses = Statuses(result.Stdout);
        Assert.Equal(11, statuses.Count);
        Assert.Equal("PASS", statuses["KW001"]);
        Assert.Equal("SKIP", statuses["KW003"]);
        Assert.All(WorkspaceChecks.Append("KW011"), id => Assert.Equal("FAIL", statuses[id]));
        Assert.Contains("zapier-everything", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"Score \d+/100", result.Stdout);
    }

    [Fact]
    public async Task Formats_JsonAndHtml_CarryEveryCheck_AndTheJsonIsTheDocumentedShape()
    {
        var html = Path.Combine(_harness.Directory.Path, "report.html");

        var json = await CheckAsync("--format", "json");
        var page = await CheckAsync("--format", "html", "--output", html);

        Assert.Equal(1, json.ExitCode);
        var report = JsonNode.Parse(json.Stdout)!;
        Assert.Equal(1, (int)report["version"]!);
        Assert.Equal(11, report["checks"]!.AsArray().Count);
        Assert.Equal("fail", (string?)report["checks"]!.AsArray().Single(c => (string?)c!["id"] == "KW006")!["status"]);
        Assert.Contains(report["keys"]!.AsArray(), k => (string?)k!["name"] == "crm-sync-2025" && (int?)k["ageDays"] >= 400);
        Assert.Equal(1, page.ExitCode);
        var text = await File.ReadAllTextAsync(html);
        Assert.Equal(11, Regex.Count(text, "data-check=\"KW0"));
        Assert.Contains("id=\"key-age-chart\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KW001_AKeyInTheCode_FailsWithItsPlace_AndPassesOnceReadFromTheEnvironment()
    {
        // A Stripe live key built at run time, so this source file holds no key-shaped literal.
        var key = "sk_live_" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 24);
        _repository.Write("src/billing.js", $"const stripe = require('stripe')('{key}');\n");

        var before = await CheckAsync();
        _repository.Write("src/billing.js", "const stripe = require('stripe')(process.env.STRIPE_KEY);\n");
        var after = await CheckAsync();

        Assert.Equal("FAIL", Statuses(before.Stdout)["KW001"]);
        Assert.Contains("src/billing.js:1", before.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(key, before.Stdout + before.Stderr, StringComparison.Ordinal);
        Assert.Equal("PASS", Statuses(after.Stdout)["KW001"]);
    }

    [Fact]
    public async Task KW002_ATrackedEnvFile_Fails_AndPassesOnceIgnoredAndUntracked()
    {
        File.Delete(Path.Combine(_repository.Path, ".gitignore"));
        _repository.Commit("config", (".env", "LOG_LEVEL=debug\n"));

        var before = await CheckAsync();
        _repository.Write(".gitignore", ".env\n.env.*\n!.env.example\n*.key\n*.pem\n");
        _repository.Git("rm", "--cached", "-q", ".env");
        _repository.Commit("untrack .env");
        var after = await CheckAsync();

        Assert.Equal("FAIL", Statuses(before.Stdout)["KW002"]);
        Assert.Contains(".env", Evidence(before.Stdout, "KW002"), StringComparison.Ordinal);
        Assert.Equal("PASS", Statuses(after.Stdout)["KW002"]);
    }

    [Fact]
    public async Task KW003_TwoEnvironmentsSharingAKey_Fail_AndPassWithAKeyEach()
    {
        var shared = "KEYWARD_TEST_SHARED_" + Guid.NewGuid().ToString("N");
        var own = "KEYWARD_TEST_OWN_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(shared, "shared-key-value-for-two-environments");
        Environment.SetEnvironmentVariable(own, "a-separate-key-value-for-dev-only");
        try
        {
            var before = await CheckAsync("--config", Config($"env:{shared}", $"env:{shared}"));
            var after = await CheckAsync("--config", Config($"env:{shared}", $"env:{own}"));

            Assert.Equal("FAIL", Statuses(before.Stdout)["KW003"]);
            Assert.Contains("workspaces prod (production), dev (dev) use the same key", before.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("shared-key-value", before.Stdout, StringComparison.Ordinal);
            Assert.Equal("PASS", Statuses(after.Stdout)["KW003"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(shared, null);
            Environment.SetEnvironmentVariable(own, null);
        }

        string Config(string prod, string dev) => _harness.Directory.Write(
            $"keyward-{Guid.NewGuid():N}.yaml",
            $"workspaces:\n  prod:\n    api-key: {prod}\n    environment: production\n  dev:\n    api-key: {dev}\n    environment: dev\n");
    }

    [Fact]
    public async Task KW004_AnAllAllKeyInProduction_Fails_AndPassesOnceRevoked()
    {
        var before = await CheckAsync();
        var zapier = Id(before.Stdout, "zapier-everything");
        await FixAsync("keys", "revoke", zapier);
        await FixAsync("keys", "revoke", _fixerId, "--force"); // the fixer held all:all too; it goes last
        var after = await CheckAsync();

        Assert.Equal("FAIL", Statuses(before.Stdout)["KW004"]);
        Assert.Contains("zapier-everything", Evidence(before.Stdout, "KW004"), StringComparison.Ordinal);
        Assert.Equal("PASS", Statuses(after.Stdout)["KW004"]);
    }

    [Fact]
    public async Task KW005_AKeyHoldingMoreThanItsCallsNeed_Fails_AndPassesOnceReplacedWithThePlannedScopes()
    {
        var before = await CheckAsync();
        var planned = Regex.Match(Evidence(before.Stdout, "KW005"), "crm-sync-2025 .* need only ([a-z_: ]+) \\(unused").Groups[1].Value;
        await FixAsync("keys", "create", "--name", "crm-sync", "--scopes", planned, "--secret", $"vault-file:{Path.Combine(_harness.Directory.Path, "secrets.kwv")}#CRM_SYNC");
        await FixAsync("keys", "revoke", Id(before.Stdout, "crm-sync-2025"));
        await FixAsync("keys", "revoke", _fixerId, "--force");
        var after = await CheckAsync();

        Assert.Equal("FAIL", Statuses(before.Stdout)["KW005"]);
        Assert.Equal("campaigns:read leads:create", planned);
        Assert.Equal("PASS", Statuses(after.Stdout)["KW005"]);
    }

    [Fact]
    public async Task KW006_AKey400DaysOld_Fails_AndPassesOnceRotated()
    {
        var before = await CheckAsync();
        var reference = $"vault-file:{Path.Combine(_harness.Directory.Path, "secrets.kwv")}#CRM_SYNC";
        var stored = await CliRunner.RunWithInputAsync(SeededKeyValue("crm-sync-2025"), "secrets", "set", reference);
        Assert.True(stored.ExitCode == 0, stored.Stderr);
        await FixAsync("keys", "rotate", "--secret", reference, "--grace", "0s", "--journal", Path.Combine(_harness.Directory.Path, "rotations.db"));
        var after = await CheckAsync();

        Assert.Equal("FAIL", Statuses(before.Stdout)["KW006"]);
        Assert.Contains("crm-sync-2025", Evidence(before.Stdout, "KW006"), StringComparison.Ordinal);
        Assert.Contains("400 days old", Evidence(before.Stdout, "KW006"), StringComparison.Ordinal);
        Assert.Equal("PASS", Statuses(after.Stdout)["KW006"]);
    }

    [Fact]
    public async Task KW007_AKeyUnusedFor45Days_Fails_AndPassesOnceRevoked()
    {
        var before = await CheckAsync();
        var fix = Regex.Match(before.Stdout, "fix: keyward keys revoke ([0-9a-f-]{36})");
        await FixAsync("keys", "revoke", fix.Groups[1].Value);
        var after = await CheckAsync();

        Assert.Equal("FAIL", Statuses(before.Stdout)["KW007"]);
        Assert.Equal(Id(before.Stdout, "zapier-everything"), fix.Groups[1].Value);
        Assert.Equal("PASS", Statuses(after.Stdout)["KW007"]);
    }

    [Fact]
    public async Task KW008_UnauthenticatedPlainHttpAndDisabledWebhooks_Fail_AndPassOnceRecreatedAndResumed()
    {
        var before = await CheckAsync();
        using var api = Api(Environment.GetEnvironmentVariable(_fixer)!);
        var webhooks = (await GetAsync(api, "/api/v2/webhooks?limit=100"))["items"]!.AsArray();
        foreach (var webhook in webhooks.Where(w => w!["headers"] is null || ((string)w["target_hook_url"]!).StartsWith("http://", StringComparison.Ordinal)))
        {
            await FixAsync("webhooks", "create", "--url", "https://hooks.example.com/webhooks/instantly", "--events", (string)webhook!["event_type"]!, "--secret", $"vault-file:{Path.Combine(_harness.Directory.Path, "secrets.kwv")}#WEBHOOK");
            using (await api.DeleteAsync($"/api/v2/webhooks/{webhook["id"]}"))
            {
            }
        }

        await FixAsync("webhooks", "resume", (string)webhooks.Single(w => (int)w!["status"]! == -1)!["id"]!);
        var after = await CheckAsync();

        Assert.Equal("FAIL", Statuses(before.Stdout)["KW008"]);
        var evidence = Evidence(before.Stdout, "KW008");
        Assert.Contains("no secret header", evidence, StringComparison.Ordinal);
        Assert.Contains("plain http", evidence, StringComparison.Ordinal);
        Assert.Contains("disabled", evidence, StringComparison.Ordinal);
        Assert.Equal("PASS", Statuses(after.Stdout)["KW008"]);
    }

    [Fact]
    public async Task KW009_TooManyAdminsAndAnOutsideMember_Fail_AndPassOnceTheOutsiderIsRemoved()
    {
        var before = await CheckAsync();
        var fix = Regex.Match(before.Stdout, "keyward members remove ([^ ;\n]+@[^ ;\n]+)");
        await FixAsync("members", "remove", fix.Groups[1].Value, "--yes");
        var after = await CheckAsync();

        Assert.Equal("FAIL", Statuses(before.Stdout)["KW009"]);
        Assert.Contains("4 owners and admins", Evidence(before.Stdout, "KW009"), StringComparison.Ordinal);
        Assert.Equal("contractor@freemail.example", fix.Groups[1].Value);
        Assert.Equal("PASS", Statuses(after.Stdout)["KW009"]);
    }

    [Fact]
    public async Task KW010_AnEmptyBlockList_Fails_AndPassesOnceTheOwnDomainIsBlocked()
    {
        var before = await CheckAsync();
        var fix = Regex.Match(before.Stdout, "fix: keyward blocklist add ([a-z0-9. -]+)");
        await FixAsync(["blocklist", "add", .. fix.Groups[1].Value.Trim().Split(' '), "--yes"]);
        var after = await CheckAsync();

        Assert.Equal("FAIL", Statuses(before.Stdout)["KW010"]);
        Assert.Equal("sandbox.example", fix.Groups[1].Value.Trim());
        Assert.Equal("PASS", Statuses(after.Stdout)["KW010"]);
    }

    [Fact]
    public async Task KW011_AnAuditLogNeverPulled_Fails_AndPassesOncePulled()
    {
        var before = await CheckAsync();
        await FixAsync("audit-log", "pull", "--api-key", $"env:{_posture}");
        var after = await CheckAsync();

        Assert.Equal("FAIL", Statuses(before.Stdout)["KW011"]);
        Assert.Contains("not pulled", Evidence(before.Stdout, "KW011"), StringComparison.Ordinal);
        Assert.Equal("PASS", Statuses(after.Stdout)["KW011"]);
    }

    [Fact]
    public async Task Salesloft_APlainHttpSubscription_FailsKW008_AndPassesOnceRecreatedOverHttps_TheKeyChecksAreSkippedWithWhy()
    {
        var variable = "KEYWARD_TEST_SALESLOFT_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, _harness.Sandbox.SalesloftKey.Reveal());
        try
        {
            using var salesloft = Api(_harness.Sandbox.SalesloftKey.Reveal());
            var created = await PostAsync(salesloft, "/v2/webhook_subscriptions", new JsonObject { ["event_type"] = "person_created", ["callback_url"] = "http://crm.example.com/salesloft", ["callback_token"] = "token-for-the-test-receiver" });
            var config = _harness.Directory.Write("salesloft.yaml", $"workspaces:\n  sl:\n    provider: salesloft\n    api-key: env:{variable}\n    environment: production\n");

            var before = await CliRunner.RunAsync("check", _repository.Path, "--config", config, "--workspace", "sl", "--base-url", _harness.Sandbox.BaseUrl.ToString());
            using (await salesloft.DeleteAsync($"/v2/webhook_subscriptions/{created["data"]!["id"]}"))
            {
            }

            await PostAsync(salesloft, "/v2/webhook_subscriptions", new JsonObject { ["event_type"] = "person_created", ["callback_url"] = "https://crm.example.com/salesloft", ["callback_token"] = "a-fresh-token-for-the-test" });
            var after = await CliRunner.RunAsync("check", _repository.Path, "--config", config, "--workspace", "sl", "--base-url", _harness.Sandbox.BaseUrl.ToString());

            Assert.Equal("FAIL", Statuses(before.Stdout)["KW008"]);
            Assert.Contains("plain http", Evidence(before.Stdout, "KW008"), StringComparison.Ordinal);
            Assert.Equal("SKIP", Statuses(before.Stdout)["KW006"]);
            Assert.Contains("Salesloft's API does not list API keys", before.Stdout, StringComparison.Ordinal);
            Assert.Equal("PASS", Statuses(after.Stdout)["KW008"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task AWorkspaceOfTheConfiguration_ChecksWithItsKeyAndEnvironment()
    {
        var config = _harness.Directory.Write("workspace.yaml", $"workspaces:\n  staging:\n    api-key: env:{_posture}\n    environment: dev\n");

        var result = await CliRunner.RunAsync("check", _repository.Path, "--config", config, "--workspace", "staging", "--base-url", _harness.Sandbox.BaseUrl.ToString());
        var unknown = await CliRunner.RunAsync("check", _repository.Path, "--config", config, "--workspace", "prod");

        Assert.Contains("(dev)", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("FAIL", Statuses(result.Stdout)["KW004"]);
        Assert.Contains("dev keys are read-only by policy", Evidence(result.Stdout, "KW004"), StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("has no workspace 'prod'; it has staging", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAWorkspace_TheWorkspaceChecksAreSkippedWithWhatWouldEnableThem_NeverPassed()
    {
        var result = await CliRunner.RunAsync("check", _repository.Path);

        var statuses = Statuses(result.Stdout);
        Assert.All(WorkspaceChecks, id => Assert.Equal("SKIP", statuses[id]));
        Assert.Contains("give --admin-secret REF", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyWithoutTheAuditLogScope_SkipsTheChecksThatNeedIt_NamingTheScope()
    {
        using var admin = Api(Environment.GetEnvironmentVariable(_fixer)!);
        var variable = "KEYWARD_TEST_NARROW_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, await CreateKeyAsync(admin, "narrow", "workspaces:read api_keys:read webhooks:read workspace_members:read block_list_entries:read"));
        try
        {
            var result = await CliRunner.RunAsync("check", _repository.Path, "--admin-secret", $"env:{variable}", "--base-url", _harness.Sandbox.BaseUrl.ToString());

            var statuses = Statuses(result.Stdout);
            Assert.Equal("SKIP", statuses["KW005"]);
            Assert.Equal("SKIP", statuses["KW007"]);
            Assert.Contains("audit_logs:read", result.Stdout, StringComparison.Ordinal);
            Assert.Equal("FAIL", statuses["KW006"]); // what the key can read is still checked
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    private static Dictionary<string, string> Statuses(string output) =>
        StatusLine().Matches(output).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value, StringComparer.Ordinal);

    /// <summary>The evidence lines printed under a failed check.</summary>
    private static string Evidence(string output, string id)
    {
        var start = output.IndexOf($"\n{id} ", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no details for {id} in:\n{output}");
        var end = output.IndexOf("  fix:", start, StringComparison.Ordinal);
        return output[start..end];
    }

    private static string Id(string output, string keyName) => Regex.Match(output, $"key {Regex.Escape(keyName)} \\(([0-9a-f-]{{36}})\\)").Groups[1].Value;

    [GeneratedRegex(@"^(PASS|FAIL|SKIP)\s+(KW\d{3})\b", RegexOptions.Multiline)]
    private static partial Regex StatusLine();

    private static async Task<JsonNode[]> KeysAsync(HttpClient api) =>
        [.. (await GetAsync(api, "/api/v2/api-keys?limit=100"))["items"]!.AsArray().Select(k => k!)];

    private static async Task<string> CreateKeyAsync(HttpClient api, string name, string scopes)
    {
        using var body = new StringContent(new JsonObject { ["name"] = name, ["scopes"] = new JsonArray([.. scopes.Split(' ').Select(s => (JsonNode)s)]) }.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await api.PostAsync("/api/v2/api-keys", body);
        response.EnsureSuccessStatusCode();
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["key"]!;
    }

    private static async Task<JsonNode> PostAsync(HttpClient api, string path, JsonObject body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await api.PostAsync(path, content);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static GitRepository CleanRepository()
    {
        var repository = new GitRepository();
        repository.Commit("init", (".gitignore", ".env\n.env.*\n!.env.example\n*.key\n*.pem\n"), ("README.md", "# app\n"));
        return repository;
    }

    private static async Task<JsonNode> GetAsync(HttpClient api, string path) => JsonNode.Parse(await api.GetStringAsync(path))!;

    private HttpClient Api(string key)
    {
        var api = new HttpClient { BaseAddress = _harness.Sandbox.BaseUrl };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return api;
    }

    /// <summary>The value of a seeded key, from the sandbox's state file (Instantly would never show it again).</summary>
    private string SeededKeyValue(string name)
    {
        var found = Find(JsonNode.Parse(File.ReadAllText(_state))!["collections"]!["api-keys"]);
        return found ?? throw new InvalidOperationException($"no key {name} in the sandbox state");

        string? Find(JsonNode? node) => node switch
        {
            JsonObject o when (string?)o["name"] == name => (string?)o["key"],
            JsonObject o => o.Select(p => Find(p.Value)).FirstOrDefault(v => v is not null),
            JsonArray a => a.Select(Find).FirstOrDefault(v => v is not null),
            _ => null,
        };
    }

    private Task<CliResult> CheckAsync(params string[] args) =>
        CliRunner.RunAsync(["check", _repository.Path, "--admin-secret", $"env:{_posture}", "--base-url", _harness.Sandbox.BaseUrl.ToString(), .. args]);

    private async Task FixAsync(params string[] args)
    {
        var result = await CliRunner.RunAsync([.. args, args[0] == "audit-log" ? "--store" : "--admin-secret", args[0] == "audit-log" ? _harness.AuditStore : $"env:{_fixer}", "--base-url", _harness.Sandbox.BaseUrl.ToString()]);
        Assert.True(result.ExitCode == 0, $"keyward {string.Join(' ', args)} failed: {result.Stderr}");
    }
}
