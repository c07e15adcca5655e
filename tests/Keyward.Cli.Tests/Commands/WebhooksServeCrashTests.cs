using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keyward.Providers.Instantly;
using Keyward.Tests.Shared;
using Npgsql;
using Xunit.Abstractions;

namespace Keyward.Cli.Tests.Commands;

/// <summary>The receiver crash test (Invariant 2): a sender that behaves like Instantly (each event delivered once and
/// retried up to 3 times on a connection error, a timeout or a non-2xx) pushes thousands of distinct events while real
/// <c>keyward webhooks serve</c> child processes are SIGKILLed and restarted on the same port. Afterwards every
/// acknowledged event must be in the inbox, every event in it exactly once, and every stored event handled (written to
/// the JSONL handler's file) exactly once. Run with one receiver on SQLite, and with two receivers sharing a
/// PostgreSQL inbox.</summary>
public sealed class WebhooksServeCrashTests : IDisposable
{
    private const string Secret = "whk-crash-test-secret-0123456789"; // keyward:allow (fake)

    /// <summary>Instantly's delivery attempts: the first one and its retries (assumed, as everywhere in keyward).</summary>
    private static readonly int Attempts = 1 + InstantlyWebhookAssumptions.RetryDelays.Count;

    private const int Workers = 8;

    /// <summary>How many times the chaos kills a receiver while the sender runs.</summary>
    private const int Kills = 5;

    private static readonly DateTimeOffset FirstTimestamp = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();
    private readonly ITestOutputHelper _output;

    public WebhooksServeCrashTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public Task Serve_OnSqlite_KilledAndRestartedWhileTheSenderRetries_LosesNoAcknowledgedEvent_AndHandlesNoneTwice() =>
        RunAsync($"sqlite:{Path.Combine(_directory.Path, "webhooks.db")}", receivers: 1, events: 2000, seed: 1);

    [Fact]
    public Task Serve_TwoReceiversOnPostgres_KilledAndRestartedWhileTheSenderRetries_LosesNoAcknowledgedEvent_AndHandlesNoneTwice() =>
        RunAsync(PostgresInbox(), receivers: 2, events: 2000, seed: 2);

    private async Task RunAsync(string inbox, int receivers, int events, int seed)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(seed);
        var fleet = Enumerable.Range(0, receivers).Select(i => new Receiver(_directory, inbox, i)).ToList();
        try
        {
            foreach (var receiver in fleet)
            {
                await receiver.StartAsync();
            }

            // The sender and the chaos run together; the chaos stops when the sender is done.
            var acknowledged = new ConcurrentDictionary<int, byte>();
            var taken = new StrongBox<int>(-1);
            var sender = SendAsync(fleet, events, seed, acknowledged, taken);
            var kills = 0;
            while (!sender.IsCompleted && kills < Kills)
            {
                // The kills are spread by the sender's progress, not by time, so a fast machine cannot finish sending
                // before the chaos is done: the (kills + 1)th comes once that share of the events has been taken.
                var due = (kills + 1) * events / (Kills + 1);
                while (Volatile.Read(ref taken.Value) < due && !sender.IsCompleted)
                {
                    await Task.Delay(10);
                }

                if (sender.IsCompleted)
                {
                    break;
                }

                var victim = fleet[random.Next(fleet.Count)];
                victim.Kill();
                kills++;
                await Task.Delay(random.Next(100, 400));
                await victim.StartAsync();
            }

            await sender;
            var sent = clock.Elapsed;

            // Every receiver runs again; its dispatcher drains what the killed ones left (after their lease).
            foreach (var receiver in fleet.Where(r => !r.IsRunning))
            {
                await receiver.StartAsync();
            }

            var stored = await DrainedInboxAsync(fleet[0].Config);
            foreach (var receiver in fleet)
            {
                receiver.Kill();
            }

            var keys = Enumerable.Range(0, events).ToDictionary(KeyOf);
            var handled = fleet[0].HandledLines().ToList(); // every receiver writes the one shared file
            _output.WriteLine(
                $"{inbox.Split(':')[0]}, {receivers} receiver(s): {events} events sent, {acknowledged.Count} acknowledged, {stored.Count} stored, "
                + $"{handled.Count} handled, {kills} kills; sending took {sent.TotalSeconds:F1} s, the whole run {clock.Elapsed.TotalSeconds:F1} s");

            // 1. Zero acknowledged events lost.
            var storedSeqs = stored.Select(e => keys.TryGetValue((string)e["idempotencyKey"]!, out var seq) ? seq : -1).ToList();
            Assert.DoesNotContain(-1, storedSeqs);
            Assert.Empty(acknowledged.Keys.Except(storedSeqs));

            // 2. The retries were deduplicated: each event is stored once.
            Assert.Equal(storedSeqs.Count, storedSeqs.Distinct().Count());

            // 3. Every stored event was handled, and none twice (by inbox id and by the payload's seq).
            Assert.All(stored, e => Assert.Equal("delivered", (string?)e["state"]));
            Assert.Equal(handled.Count, handled.Select(h => h.Id).Distinct().Count());
            Assert.Equal(handled.Count, handled.Select(h => h.Seq).Distinct().Count());
            Assert.Equal(stored.Select(e => (long)e["id"]!).Order(), handled.Select(h => h.Id).Order());

            // 4. The chaos left most events acknowledged, and it did happen.
            Assert.True(acknowledged.Count > events * 0.9, $"only {acknowledged.Count} of {events} events were acknowledged");
            Assert.True(kills >= 4, $"only {kills} kills happened before the sender finished");
        }
        finally
        {
            foreach (var receiver in fleet)
            {
                receiver.Kill();
            }
        }
    }

    /// <summary>Sends every event from <see cref="Workers"/> concurrent workers, each attempt to a random receiver;
    /// <paramref name="taken"/> holds the last sequence number a worker took.</summary>
    private static async Task SendAsync(List<Receiver> fleet, int events, int seed, ConcurrentDictionary<int, byte> acknowledged, StrongBox<int> taken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random((seed * 100) + worker);
            for (var seq = Interlocked.Increment(ref taken.Value); seq < events; seq = Interlocked.Increment(ref taken.Value))
            {
                for (var attempt = 0; attempt < Attempts; attempt++)
                {
                    if (attempt > 0)
                    {
                        // Instantly backs off between retries; tens of milliseconds keep the test fast.
                        await Task.Delay(50 * (int)Math.Pow(3, attempt - 1));
                    }

                    if (await DeliverAsync(http, fleet[random.Next(fleet.Count)].Url, Body(seq)))
                    {
                        acknowledged[seq] = 0;
                        break;
                    }
                }

                await Task.Delay(random.Next(5, 25));
            }
        })));
    }

    /// <summary>One attempt: acknowledged only by a 2xx; a refused connection, a reset or a timeout is a failure.</summary>
    private static async Task<bool> DeliverAsync(HttpClient http, string url, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Keyward-Webhook-Secret", Secret);
        try
        {
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return false;
        }
    }

    private static string Body(int seq) =>
        $$"""{"event_type":"email_sent","timestamp":"{{FirstTimestamp.AddSeconds(seq).ToString("O", CultureInfo.InvariantCulture)}}","workspace":"ws","seq":{{seq}}}""";

    /// <summary>The receiver's idempotency key for a delivery without a webhook-id: the SHA-256 of the raw body.</summary>
    private static string KeyOf(int seq) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Body(seq))));

    /// <summary>Waits until no stored event is pending, and returns them all (<c>webhooks inbox list --json</c>).</summary>
    private static async Task<List<JsonNode>> DrainedInboxAsync(string config)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var list = await CliRunner.RunAsync("webhooks", "inbox", "list", "--json", "--limit", "100000", "--config", config);
            Assert.True(list.ExitCode == 0, list.Stderr);
            var stored = JsonNode.Parse(list.Stdout)!.AsArray().Select(e => e!).ToList();
            var pending = stored.Count(e => (string?)e["state"] == "pending");
            if (pending == 0)
            {
                return stored;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"{pending} of {stored.Count} events are still pending");
            await Task.Delay(250);
        }
    }

    /// <summary>An inbox in a fresh schema of the throwaway PostgreSQL (KEYWARD_TEST_POSTGRES, set by scripts/test.sh).</summary>
    private static string PostgresInbox()
    {
        var admin = Environment.GetEnvironmentVariable("KEYWARD_TEST_POSTGRES")
            ?? throw new InvalidOperationException("KEYWARD_TEST_POSTGRES is not set: run the tests with scripts/test.sh, which starts a throwaway PostgreSQL");
        var schema = $"webhooks_crash_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            command.ExecuteNonQuery();
        }

        return "postgres:" + new NpgsqlConnectionStringBuilder(admin) { SearchPath = schema };
    }

    /// <summary>A free loopback port, kept for the receiver's restarts so the sender's URL stays the same.</summary>
    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed record Handled(long Id, int Seq);

    /// <summary>One <c>keyward webhooks serve</c> child process with its own port and audit log, and the shared inbox
    /// and JSONL file.</summary>
    private sealed class Receiver
    {
        private readonly int _port = FreePort();
        private readonly string _events;
        private readonly StringBuilder _log = new();
        private Process? _process;

        public Receiver(TempDirectory directory, string inbox, int index)
        {
            _events = Path.Combine(directory.Path, "events.jsonl"); // shared: the handler locks it and skips ids any receiver wrote
            Config = directory.Write(
                $"keyward-{index}.yaml",
                $"""
                audit:
                  store: sqlite:{Path.Combine(directory.Path, $"audit-{index}.db")}
                webhooks:
                  inbox: "{inbox}"
                  lease: 5s
                  instantly:
                    path: /webhooks/instantly
                    verify: {"{"} scheme: header-secret, header: X-Keyward-Webhook-Secret, secret: env:KEYWARD_TEST_WEBHOOK_SECRET {"}"}
                    handler: jsonl:{_events}
                """);
            Url = $"http://127.0.0.1:{_port}/webhooks/instantly";
        }

        public string Config { get; }

        public string Url { get; }

        public bool IsRunning => _process is { HasExited: false };

        /// <summary>Starts the process and waits until it announces its endpoint (it is listening then).</summary>
        public async Task StartAsync()
        {
            var start = KeywardProcess.StartInfo("webhooks", "serve", "--config", Config, "--port", _port.ToString(CultureInfo.InvariantCulture));

            // Only this test's settings: tests running alongside set KEYWARD_AUDIT_STORE (which overrides the config's
            // audit.store) to a directory they delete when they end, and a receiver restarted then could not start.
            KeywardProcess.RemoveKeywardVariables(start);

            start.Environment["KEYWARD_TEST_WEBHOOK_SECRET"] = Secret;
            var process = Process.Start(start)!;
            _process = process;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var announced = await process.StandardError.ReadLineAsync(timeout.Token);
            if (announced?.EndsWith(Url, StringComparison.Ordinal) != true)
            {
                Assert.Fail($"the receiver did not start: {announced}{await process.StandardError.ReadToEndAsync()}");
            }

            _ = process.StandardOutput.ReadToEndAsync();
            _ = Task.Run(async () =>
            {
                while (await process.StandardError.ReadLineAsync() is { } line)
                {
                    lock (_log)
                    {
                        _log.AppendLine(line);
                    }
                }
            });
        }

        /// <summary>SIGKILL: no finally blocks, no flushing, no disposal.</summary>
        public void Kill()
        {
            if (_process is not { } process)
            {
                return;
            }

            if (!process.HasExited)
            {
                process.Kill();
            }

            process.WaitForExit();
            process.Dispose();
            _process = null;
        }

        /// <summary>The events the JSONL handler wrote: inbox id and the payload's seq, one per line.</summary>
        public IEnumerable<Handled> HandledLines()
        {
            if (!File.Exists(_events))
            {
                yield break;
            }

            foreach (var line in File.ReadLines(_events))
            {
                using var document = JsonDocument.Parse(line);
                yield return new Handled(
                    document.RootElement.GetProperty("id").GetInt64(),
                    document.RootElement.GetProperty("payload").GetProperty("seq").GetInt32());
            }
        }
    }
}
