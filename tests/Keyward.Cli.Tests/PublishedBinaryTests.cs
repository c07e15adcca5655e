using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Keyward.Tests.Shared;

namespace Keyward.Cli.Tests;

/// <summary>One flow per area of keyward, run as a process: under scripts/test.sh that is the Native AOT binary users
/// install (see <see cref="KeywardProcess"/>).</summary>
/// <remarks>The other command tests run the CLI in-process on the JIT; trimming and AOT compilation break code only at
/// run time (reflection-based JSON and YAML, native SQLite), so each area whose output or files are serialized is
/// exercised here once, end to end.</remarks>
public sealed class PublishedBinaryTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly Dictionary<string, string> _environment;

    public PublishedBinaryTests() => _environment = new()
    {
        ["KEYWARD_MASTER_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["KEYWARD_AUDIT_STORE"] = $"sqlite:{Path.Combine(_directory.Path, "audit.db")}",
    };

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Scan_History_ReportsTheLeakFromItsCommit_InJsonAndSarif()
    {
        using var repo = new GitRepository();
        repo.Commit("ignore", (".gitignore", ".env\n.env.*\n*.key\n*.pem\n"));
        var leak = repo.Commit("leak", ("crm/sync.ts", $"const token = '{Some.SalesloftKey()}';\n"));
        repo.Commit("fix", ("crm/sync.ts", "const token = process.env.SALESLOFT_API_KEY;\n"));
        var sarif = Path.Combine(_directory.Path, "keyward.sarif");

        var json = await RunAsync("scan", repo.Path, "--git", "--format", "json");
        var code = await RunAsync("scan", repo.Path, "--git", "--format", "sarif", "--output", sarif);

        Assert.Equal(ExitCodes.Findings, json.ExitCode);
        var finding = Assert.Single(JsonNode.Parse(json.Stdout)!["findings"]!.AsArray())!;
        Assert.Equal("salesloft-api-key", (string?)finding["ruleId"]);
        Assert.Equal(leak, (string?)finding["commit"]!["sha"]);
        Assert.Equal("critical", (string?)finding["severity"]);
        Assert.Equal(ExitCodes.Findings, code.ExitCode);
        var log = JsonNode.Parse(await File.ReadAllTextAsync(sarif))!;
        Assert.Equal("2.1.0", (string?)log["version"]);
        Assert.Equal("salesloft-api-key", (string?)Assert.Single(log["runs"]![0]!["results"]!.AsArray())!["ruleId"]);
    }

    [Fact]
    public async Task Scopes_CatalogAndRisks_AsJson()
    {
        var operations = await RunAsync("scopes", "list", "--operations", "--json");
        var explain = await RunAsync("scopes", "explain", "all:all", "--json");

        Assert.Equal(0, operations.ExitCode);
        Assert.Equal(173, JsonNode.Parse(operations.Stdout)!.AsArray().Count);
        Assert.Equal(0, explain.ExitCode);
        Assert.Equal("critical", (string?)JsonNode.Parse(explain.Stdout)!["scope"]!["risk"]);
    }

    [Fact]
    public async Task Check_Sandbox_ReportsEveryCheck_AsJson()
    {
        using var repo = new GitRepository();
        repo.Commit("init", (".gitignore", ".env\n.env.*\n*.key\n*.pem\n"), ("README.md", "crm sync\n"));

        var result = await RunAsync("check", repo.Path, "--sandbox", "--format", "json");

        Assert.True(result.ExitCode == 1, result.Stderr);
        var report = JsonNode.Parse(result.Stdout)!;
        Assert.Equal(11, report["checks"]!.AsArray().Count);
        Assert.Equal("fail", (string?)report["checks"]!.AsArray().Single(c => (string?)c!["id"] == "KW006")!["status"]);
        Assert.Contains(report["keys"]!.AsArray(), k => (string?)k!["name"] == "crm-sync-2025");
    }

    [Fact]
    public async Task Secrets_InTheVault_AreAudited_AndTheLogVerifiesAgainstASignedCheckpoint()
    {
        const string Value = "c2VjcmV0LXZhbHVlLWZvci1jbGktdGVzdHMtMDEyMzQ1"; // keyward:allow (fake)
        var reference = $"vault-file:{Path.Combine(_directory.Path, "secrets.kwv")}#crm/prod";
        var checkpoint = Path.Combine(_directory.Path, "checkpoint.json");

        var set = await RunWithInputAsync(Value + "\n", "secrets", "set", reference);
        var reveal = await RunAsync("secrets", "get", reference, "--reveal");
        var signed = await RunAsync("audit-log", "checkpoint", "--signing-key", Path.Combine(_directory.Path, "signing.pem"), "--output", checkpoint);
        var verify = await RunAsync("audit-log", "verify", "--checkpoint", checkpoint, "--json");
        var query = await RunAsync("audit-log", "query", "--json");

        Assert.True(set.ExitCode == 0, set.Stderr);
        Assert.Equal(Value, reveal.Stdout.Trim());
        Assert.True(signed.ExitCode == 0, signed.Stderr);
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
        Assert.True((bool)JsonNode.Parse(verify.Stdout)!["valid"]!);
        var actions = JsonNode.Parse(query.Stdout)!.AsArray().Select(e => (string?)e!["action"]).ToArray();
        Assert.Contains("secret.set", actions);
        Assert.DoesNotContain(Value, query.Stdout, StringComparison.Ordinal);
    }

    private Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync(string.Empty, args);

    /// <summary>Runs keyward with this test's own master key and audit store.</summary>
    private Task<CliResult> RunWithInputAsync(string stdin, params string[] args) =>
        KeywardProcess.RunAsync(stdin, _environment, args);
}
