using System.Diagnostics;
using System.Text.Json.Nodes;
using Keyward.Sandbox;
using Keyward.Tests.Shared;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Keyward.Cli.Tests.Commands;

[Collection(ProcessEnvironment.Name)]
public class AuditLogCommandTests
{
    [Fact]
    public async Task AppendVerifyCheckpoint_AndTamperingExits1NamingTheEntry()
    {
        using var dir = new TempDirectory();
        var store = $"sqlite:{Path.Combine(dir.Path, "audit.db")}";
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, (await CliRunner.RunAsync("audit-log", "append", "--store", store, "--action", "key.rotate.promote", "--resource", $"key {i}")).ExitCode);
        }

        var checkpointPath = Path.Combine(dir.Path, "checkpoint.json");
        var checkpoint = await CliRunner.RunAsync("audit-log", "checkpoint", "--store", store, "--signing-key", Path.Combine(dir.Path, "signing.pem"), "--output", checkpointPath);
        var ok = await CliRunner.RunAsync("audit-log", "verify", "--store", store, "--checkpoint", checkpointPath);
        await using (var connection = new SqliteConnection($"Data Source={store[7..]};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TRIGGER audit_entries_no_update; UPDATE audit_entries SET resource = 'key 999' WHERE sequence = 2;";
            await command.ExecuteNonQueryAsync();
        }

        var tampered = await CliRunner.RunAsync("audit-log", "verify", "--store", store, "--json");

        Assert.Equal(0, checkpoint.ExitCode);
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("3 entries verified", ok.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, tampered.ExitCode);
        var report = JsonNode.Parse(tampered.Stdout)!;
        Assert.False((bool)report["valid"]!);
        Assert.Equal(2, (int)report["problem"]!["sequence"]!);
        Assert.Equal("Changed", (string?)report["problem"]!["kind"]);
    }

    [Fact]
    public async Task AppendCheckpointVerify_Json_GiveTheDocumentedFields_NullOnesLeftOut()
    {
        using var dir = new TempDirectory();
        var store = $"sqlite:{Path.Combine(dir.Path, "audit.db")}";
        var checkpointPath = Path.Combine(dir.Path, "checkpoint.json");

        var appended = await CliRunner.RunAsync(
            "audit-log", "append", "--store", store, "--action", "key.revoke", "--resource", "key k1", "--actor", "ops",
            "--result", "failure", "--reason", "denied", "--metadata", """{"ticket":"SEC-1"}""", "--json");
        var checkpoint = await CliRunner.RunAsync(
            "audit-log", "checkpoint", "--store", store, "--signing-key", Path.Combine(dir.Path, "signing.pem"), "--output", checkpointPath, "--json");
        var verify = await CliRunner.RunAsync("audit-log", "verify", "--store", store, "--checkpoint", checkpointPath, "--json");

        Assert.True(appended.ExitCode == 0, appended.Stderr);
        var entry = JsonNode.Parse(appended.Stdout)!.AsObject();
        Assert.Equal(["sequence", "timestamp", "actor", "action", "resource", "result", "reason", "metadata", "source", "previousHash", "hash"], entry.Select(p => p.Key));
        Assert.Equal(1, (long)entry["sequence"]!);
        Assert.InRange(entry["timestamp"]!.GetValue<DateTimeOffset>(), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow);
        Assert.Equal("failure", (string?)entry["result"]);
        Assert.Equal("denied", (string?)entry["reason"]);
        Assert.Equal("SEC-1", (string?)entry["metadata"]!["ticket"]);
        Assert.Equal("local", (string?)entry["source"]);
        Assert.Equal(new string('0', 64), (string?)entry["previousHash"]);
        Assert.True(checkpoint.ExitCode == 0, checkpoint.Stderr);
        var signed = JsonNode.Parse(checkpoint.Stdout)!.AsObject();
        Assert.Equal(["path", "sequence", "headHash", "keyFingerprint", "created"], signed.Select(p => p.Key));
        Assert.Equal(checkpointPath, (string?)signed["path"]);
        Assert.Equal(1, (long)signed["sequence"]!);
        Assert.Equal((string?)entry["hash"], (string?)signed["headHash"]);
        Assert.Equal(0, verify.ExitCode);
        var report = JsonNode.Parse(verify.Stdout)!.AsObject();
        Assert.Equal(["store", "valid", "entriesChecked", "headSequence", "headHash", "checkpoint"], report.Select(p => p.Key));
        Assert.True((bool)report["valid"]!);
        Assert.Equal((string?)signed["keyFingerprint"], (string?)report["checkpoint"]!["keyFingerprint"]);
    }

    [Fact]
    public async Task Pull_Json_CountsTheFetchedAndTheImportedEntries()
    {
        await using var harness = await KeysHarness.StartAsync(new SandboxOptions { Seed = SandboxSeed.Risky });
        string[] pull = ["audit-log", "pull", "--api-key", $"env:{harness.AdminVariable}", "--base-url", harness.Sandbox.BaseUrl.ToString(), "--json"];

        var first = await CliRunner.RunAsync(pull);
        var second = await CliRunner.RunAsync(pull);

        Assert.True(first.ExitCode == 0, first.Stderr);
        var counts = JsonNode.Parse(first.Stdout)!.AsObject();
        Assert.Equal(["fetched", "imported"], counts.Select(p => p.Key));
        Assert.Equal((int)counts["fetched"]!, (int)counts["imported"]!);
        var again = JsonNode.Parse(second.Stdout)!;
        Assert.True((int)again["imported"]! < (int)again["fetched"]!, second.Stdout); // the newest entry was imported already
    }

    [Fact]
    public async Task TwoProcessesAppendingAtOnce_KeepOneValidChain_Sqlite()
    {
        using var dir = new TempDirectory();
        await TwoWritersAsync($"sqlite:{Path.Combine(dir.Path, "audit.db")}");
    }

    [Fact]
    public async Task TwoProcessesAppendingAtOnce_KeepOneValidChain_Postgres()
    {
        var admin = Environment.GetEnvironmentVariable("KEYWARD_TEST_POSTGRES")
            ?? throw new InvalidOperationException("KEYWARD_TEST_POSTGRES is not set: run the tests with scripts/test.sh, which starts a throwaway PostgreSQL");
        var schema = "cli_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            await TwoWritersAsync($"postgres:{new NpgsqlConnectionStringBuilder(admin) { SearchPath = schema }}");
        }
        finally
        {
            await using var drop = new NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task MalformedInput_IsAUsageError()
    {
        var metadata = await CliRunner.RunAsync("audit-log", "append", "--store", "sqlite:/tmp/unused-keyward.db", "--action", "a", "--resource", "r", "--metadata", "[1]");
        var store = await CliRunner.RunAsync("audit-log", "verify", "--store", "Host=db;Password=hunter2hunter2");

        Assert.Equal(2, metadata.ExitCode);
        Assert.Contains("JSON object", metadata.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, store.ExitCode);
        Assert.DoesNotContain("hunter2", store.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoreComesFromTheFlag_ThenTheEnvironment_ThenKeywardYaml()
    {
        using var dir = new TempDirectory();
        var fromFile = Path.Combine(dir.Path, "from-file.db");
        var fromEnv = Path.Combine(dir.Path, "from-env.db");
        var fromFlag = Path.Combine(dir.Path, "from-flag.db");
        var config = dir.Write("keyward.yaml", $"workspaces: {{}}\naudit:\n  store: sqlite:{fromFile}\n");

        var viaFile = await CliRunner.RunAsync("audit-log", "append", "--config", config, "--action", "a", "--resource", "r");
        var viaFlag = await CliRunner.RunAsync("audit-log", "append", "--config", config, "--store", $"sqlite:{fromFlag}", "--action", "a", "--resource", "r");
        Environment.SetEnvironmentVariable("KEYWARD_AUDIT_STORE", $"sqlite:{fromEnv}");
        CliResult viaEnv;
        try
        {
            viaEnv = await CliRunner.RunAsync("audit-log", "append", "--config", config, "--action", "a", "--resource", "r");
        }
        finally
        {
            Environment.SetEnvironmentVariable("KEYWARD_AUDIT_STORE", null);
        }

        Assert.Equal([0, 0, 0], new[] { viaFile.ExitCode, viaFlag.ExitCode, viaEnv.ExitCode });
        Assert.True(File.Exists(fromFile));
        Assert.True(File.Exists(fromFlag));
        Assert.True(File.Exists(fromEnv));
    }

    [Fact]
    public async Task KeywardYaml_WithAKeyWhereAReferenceBelongs_IsRefusedWithoutEchoingIt()
    {
        using var dir = new TempDirectory();
        var config = dir.Write("keyward.yaml", "audit:\n  store: sqlite:audit.db\n  key: c2VjcmV0LWtleS1tYXRlcmlhbC0xMjM0NTY3ODkw\n"); // keyward:allow (fake key)
        var missing = await CliRunner.RunAsync("audit-log", "verify", "--config", Path.Combine(dir.Path, "nope.yaml"));

        var result = await CliRunner.RunAsync("audit-log", "verify", "--config", config);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("audit.key must be a secret reference", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.yaml", missing.Stderr, StringComparison.Ordinal);
    }

    private static async Task TwoWritersAsync(string store)
    {
        const int PerWriter = 6;
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < PerWriter; i++)
            {
                using var process = Process.Start(KeywardProcess.StartInfo("audit-log", "append", "--store", store, "--action", $"writer.{w}", "--resource", $"item {i}"))!;
                var error = process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                Assert.True(process.ExitCode == 0, await error);
            }
        })).ToArray();
        await Task.WhenAll(writers);

        var verify = await CliRunner.RunAsync("audit-log", "verify", "--store", store, "--json");
        var stats = await CliRunner.RunAsync("audit-log", "stats", "--store", store, "--json");

        Assert.Equal(0, verify.ExitCode);
        Assert.Equal(2 * PerWriter, (int)JsonNode.Parse(verify.Stdout)!["entriesChecked"]!);
        Assert.Equal([PerWriter, PerWriter], JsonNode.Parse(stats.Stdout)!.AsArray().Select(r => (int)r!["count"]!));
    }
}
