using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Keyward.Tests.Shared;

namespace Keyward.Cli.Tests.Commands;

[Collection(ProcessEnvironment.Name)]
public sealed class SecretsCommandTests : IDisposable
{
    private const string Value = "c2VjcmV0LXZhbHVlLWZvci1jbGktdGVzdHMtMDEyMzQ1"; // keyward:allow (fake)

    private readonly TempDirectory _directory = new();

    public SecretsCommandTests()
    {
        Environment.SetEnvironmentVariable("KEYWARD_MASTER_KEY", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        Environment.SetEnvironmentVariable("KEYWARD_AUDIT_STORE", $"sqlite:{Path.Combine(_directory.Path, "audit.db")}");
    }

    private string Vault => Path.Combine(_directory.Path, "secrets.kwv");

    [Fact]
    public async Task SetFromStdin_GetRedactedUnlessRevealed_ListShowsNamesNotValues()
    {
        var reference = $"vault-file:{Vault}#instantly/prod";

        var set = await CliRunner.RunWithInputAsync(Value + "\n", "secrets", "set", reference);
        var get = await CliRunner.RunAsync("secrets", "get", reference);
        var reveal = await CliRunner.RunAsync("secrets", "get", reference, "--reveal");
        var list = await CliRunner.RunAsync("secrets", "list", "--vault", Vault);

        Assert.Equal(0, set.ExitCode);
        Assert.DoesNotContain(Value, set.Stdout + set.Stderr, StringComparison.Ordinal);
        Assert.Equal("c2Vj...(44 chars)", get.Stdout.Trim());
        Assert.Equal(Value, reveal.Stdout.Trim());
        Assert.StartsWith("instantly/prod  current=", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Json_GivesEachNameWithItsVersionsAndLabels_NeverValues()
    {
        var reference = $"vault-file:{Vault}#instantly/prod";
        await CliRunner.RunWithInputAsync(Value, "secrets", "set", reference);
        await CliRunner.RunWithInputAsync(Value + "-next", "secrets", "set", reference, "--label", "pending");

        var list = await CliRunner.RunAsync("secrets", "list", "--vault", Vault, "--json");

        Assert.True(list.ExitCode == 0, list.Stderr);
        var secret = Assert.Single(JsonNode.Parse(list.Stdout)!.AsArray())!.AsObject();
        Assert.Equal(["name", "versions"], secret.Select(p => p.Key));
        Assert.Equal("instantly/prod", (string?)secret["name"]);
        var versions = secret["versions"]!.AsArray().Select(v => v!.AsObject()).ToArray();
        Assert.All(versions, v => Assert.Equal(["versionId", "created", "labels"], v.Select(p => p.Key)));
        Assert.Equal(["current", "pending"], versions.SelectMany(v => v["labels"]!.AsArray().Select(l => (string)l!)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(Value, list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_AreAudited_WithoutTheValue_AndDryRunsWriteNothing()
    {
        var reference = $"vault-file:{Vault}#crm";
        var env = _directory.Write(".env", $"CRM_KEY={Value}\n");

        var dryRunSet = await CliRunner.RunWithInputAsync(Value, "secrets", "set", reference, "--dry-run");
        var dryRunImport = await CliRunner.RunAsync("secrets", "import-env", env, "--into", Vault, "--dry-run");
        var vaultAfterDryRuns = File.Exists(Vault);
        await CliRunner.RunWithInputAsync(Value, "secrets", "set", reference);
        await CliRunner.RunAsync("secrets", "import-env", env, "--into", Vault);
        var audit = await CliRunner.RunAsync("audit-log", "query", "--json");

        Assert.Equal(0, dryRunSet.ExitCode);
        Assert.Contains("dry run: would store", dryRunSet.Stdout, StringComparison.Ordinal);
        Assert.Contains("would import CRM_KEY", dryRunImport.Stdout, StringComparison.Ordinal);
        Assert.False(vaultAfterDryRuns);
        Assert.Contains("\"secret.set\"", audit.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"secret.import\"", audit.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, audit.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_WithNothingOnStdin_IsAUsageError()
    {
        var result = await CliRunner.RunWithInputAsync(string.Empty, "secrets", "set", $"vault-file:{Vault}#x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("stdin", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportEnv_MovesValuesIntoTheVault_WithoutPrintingThem()
    {
        var env = _directory.Write(".env", $"# comment\nexport INSTANTLY_API_KEY=\"{Value}\"\n\nSALESLOFT_API_KEY='another-fake-value-0123'\nEMPTY=\n");

        var result = await CliRunner.RunAsync("secrets", "import-env", env, "--into", Vault);
        var first = await CliRunner.RunAsync("secrets", "get", $"vault-file:{Vault}#INSTANTLY_API_KEY", "--reveal");
        var second = await CliRunner.RunAsync("secrets", "get", $"vault-file:{Vault}#SALESLOFT_API_KEY", "--reveal");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("2 values imported", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, result.Stdout, StringComparison.Ordinal);
        Assert.Equal(Value, first.Stdout.Trim());
        Assert.Equal("another-fake-value-0123", second.Stdout.Trim());
    }

    [Fact]
    public async Task UnknownScheme_AndWrongMasterKey_AreClearUsageErrors()
    {
        var reference = $"vault-file:{Vault}#k";
        await CliRunner.RunWithInputAsync(Value, "secrets", "set", reference);
        var unknown = await CliRunner.RunAsync("secrets", "get", "gcp-secret-manager:projects/x#y");
        Environment.SetEnvironmentVariable("KEYWARD_MASTER_KEY", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        var wrongKey = await CliRunner.RunAsync("secrets", "get", reference);

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("vault-file:PATH#NAME", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, wrongKey.ExitCode);
        Assert.Contains("master key", wrongKey.Stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("KEYWARD_MASTER_KEY", null);
        Environment.SetEnvironmentVariable("KEYWARD_AUDIT_STORE", null);
        _directory.Dispose();
    }
}
