using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Npgsql;

namespace Keyward.Cli.Tests.Commands;

/// <summary>The rotation crash test: a real <c>keyward keys rotate</c> child process is SIGKILLed at every fault point
/// (each step boundary, and inside the create call after Instantly made the key), for several seeds; some seeds kill
/// the resuming process too. After the last resume every run must end the same way: exactly one rotated key active,
/// the store's current key working, the old key revoked, no orphan key, and no unfinished rotation.</summary>
[Collection(ProcessEnvironment.Name)]
public sealed class KeysRotateCrashTests : IAsyncLifetime
{
    private static readonly string[] FaultPoints =
        ["planned", "creating", "create:response-received", "created", "stored", "tested", "promoted", "grace:waiting", "revoked"];

    private KeysHarness _harness = null!;

    /// <summary>Seeds; the last one journals in PostgreSQL instead of SQLite.</summary>
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 4)];

    public async Task InitializeAsync() => _harness = await KeysHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task KilledAtEveryFaultPoint_ResumeEndsWithOneWorkingRotatedKey_AndNoOrphan(int seed)
    {
        var random = new Random(seed);
        foreach (var (point, index) in FaultPoints.Select((p, i) => (p, i)))
        {
            var run = $"s{seed}-{index}";
            var reference = $"vault-file:{Path.Combine(_harness.Directory.Path, $"{run}.kwv")}#KEY";
            var journal = seed == 4 ? PostgresJournal(run) : Path.Combine(_harness.Directory.Path, $"{run}.db");
            var oldId = (await Keys("create", "--name", $"integration-{run}", "--scopes", "campaigns:read leads:read", "--secret", reference)).Stdout.Trim();
            var oldKey = await CurrentAsync(reference);
            var grace = point == "grace:waiting" ? "1s" : "0s";

            await KillAtAsync(point, "--secret", reference, "--grace", grace, "--journal", journal);

            // Some seeds also kill the first resume, at a later point.
            var later = FaultPoints.Skip(index + 1).Where(p => p != "grace:waiting").ToArray();
            var killedTwice = later.Length > 0 && random.Next(2) == 0;
            if (killedTwice)
            {
                await KillAtAsync(later[random.Next(later.Length)], "--resume", "--journal", journal);
            }

            // A new rotation of the same key resumes the unfinished one, as --resume does.
            var resumed = random.Next(2) == 0
                ? await Keys("rotate", "--resume", "--journal", journal)
                : await Keys("rotate", "--secret", reference, "--grace", "0s", "--journal", journal);

            Assert.True(resumed.ExitCode == 0, $"{run} ({point}): {resumed.Stderr}");
            if (point == "create:response-received" && !killedTwice)
            {
                // Instantly made a key whose value died with the process: the resume found it by its tag.
                Assert.Contains("revoked orphan key", resumed.Stdout, StringComparison.Ordinal);
            }

            var keys = await ListKeysAsync();
            var rotated = Assert.Single(keys, k => ((string)k["name"]!).StartsWith($"integration-{run} [keyward kwrot-", StringComparison.Ordinal));
            Assert.DoesNotContain(keys, k => (string?)k["id"] == oldId);
            var current = await CurrentAsync(reference);
            Assert.Equal(HttpStatusCode.OK, await CallWithAsync(current));
            Assert.Equal(HttpStatusCode.Unauthorized, await CallWithAsync(oldKey));
            Assert.Contains((string)rotated["id"]!, KeyIdOf(current), StringComparison.Ordinal);
            Assert.Equal("No unfinished rotation.", (await Keys("rotate", "--resume", "--journal", journal)).Stdout.Trim());
        }

        // Every run's keys: the admin key plus one rotated key per run; nothing else survived.
        Assert.Equal(1 + FaultPoints.Length, (await ListKeysAsync()).Count);
    }

    /// <summary>A journal in a fresh schema of the throwaway PostgreSQL (KEYWARD_TEST_POSTGRES, set by scripts/test.sh).</summary>
    private static string PostgresJournal(string run)
    {
        var admin = Environment.GetEnvironmentVariable("KEYWARD_TEST_POSTGRES")
            ?? throw new InvalidOperationException("KEYWARD_TEST_POSTGRES is not set: run the tests with scripts/test.sh, which starts a throwaway PostgreSQL");
        var schema = $"rotation_{run.Replace('-', '_')}_{Guid.NewGuid():N}"[..40];
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            command.ExecuteNonQuery();
        }

        return "postgres:" + new NpgsqlConnectionStringBuilder(admin) { SearchPath = schema };
    }

    /// <summary>Starts <c>keyward keys rotate</c> as a child process that pauses at <paramref name="point"/>, waits until
    /// it is there, and kills it with SIGKILL.</summary>
    private async Task KillAtAsync(string point, params string[] args)
    {
        var signal = Path.Combine(_harness.Directory.Path, $"signal-{Guid.NewGuid():N}");
        var start = KeywardProcess.StartInfo(["keys", "rotate", .. args, .. _harness.AdminOptions]);
        start.Environment["KEYWARD_FAULT_PAUSE"] = point;
        start.Environment["KEYWARD_FAULT_SIGNAL"] = signal;
        start.Environment["KEYWARD_MASTER_KEY"] = _harness.MasterKey;
        start.Environment["KEYWARD_AUDIT_STORE"] = _harness.AuditStore;
        start.Environment[_harness.AdminVariable] = _harness.Sandbox.AdminKey.Reveal();

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(signal))
        {
            if (process.HasExited)
            {
                Assert.Fail($"keyward exited ({process.ExitCode}) before fault point {point}: {await stderr}");
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"keyward never reached fault point {point}");
            await Task.Delay(20);
        }

        process.Kill(); // SIGKILL on Unix: no finally blocks, no flushing, no disposal
        await process.WaitForExitAsync();
    }

    private Task<CliResult> Keys(params string[] args) => _harness.Keys(args);

    private static async Task<string> CurrentAsync(string reference)
    {
        var result = await CliRunner.RunAsync("secrets", "get", reference, "--reveal");
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Stdout.Trim();
    }

    private static string KeyIdOf(string key) => System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(key)).Split(':')[0];

    private Task<List<JsonNode>> ListKeysAsync() => _harness.ListKeysAsync();

    private Task<HttpStatusCode> CallWithAsync(string key) => _harness.CallWithAsync(key);
}
