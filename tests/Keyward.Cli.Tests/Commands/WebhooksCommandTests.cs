using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Keyward.Tests.Shared;

namespace Keyward.Cli.Tests.Commands;

/// <summary><c>keyward webhooks serve|inbox</c>. In the <see cref="ProcessEnvironment"/> collection: the receiver it
/// starts inherits this process's environment, where other tests set <c>KEYWARD_AUDIT_STORE</c>.</summary>
[Collection(ProcessEnvironment.Name)]
public sealed class WebhooksCommandTests : IDisposable
{
    private const string Secret = "whk-cli-test-secret-0123456789"; // keyward:allow (fake)
    private readonly TempDirectory _directory = new();

    private string Config => _directory.Write(
        "keyward.yaml",
        $"""
        audit:
          store: sqlite:{Path.Combine(_directory.Path, "audit.db")}
        webhooks:
          inbox: sqlite:{Path.Combine(_directory.Path, "webhooks.db")}
          instantly:
            path: /webhooks/instantly
            verify: {"{"} scheme: header-secret, header: X-Keyward-Webhook-Secret, secret: env:KEYWARD_TEST_WEBHOOK_SECRET {"}"}
            handler: jsonl:{Path.Combine(_directory.Path, "events.jsonl")}
        """);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Serve_VerifiesStoresAndDispatches_InboxListShowsTheEvent_AndSigtermStopsIt()
    {
        var config = Config;
        var start = KeywardProcess.StartInfo("webhooks", "serve", "--config", config, "--port", "0");
        start.Environment["KEYWARD_TEST_WEBHOOK_SECRET"] = Secret;

        // An ASP.NET Core settings file where serve runs must neither open a second listener nor silence its lines.
        var stray = FreePort();
        start.WorkingDirectory = _directory.Path;
        _directory.Write("appsettings.json", new JsonObject
        {
            ["Kestrel"] = new JsonObject { ["Endpoints"] = new JsonObject { ["Stray"] = new JsonObject { ["Url"] = $"http://0.0.0.0:{stray}" } } },
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "None" } },
        }.ToJsonString());
        using var process = Process.Start(start)!;
        try
        {
            var announced = await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Matches("^keyward webhooks: instantly \\(header-secret\\) on http://127\\.0\\.0\\.1:[0-9]+/webhooks/instantly$", announced);
            var url = announced!.Split(" on ", 2)[1];
            using var http = new HttpClient();
            var body = """{"event_type":"reply_received","timestamp":"2026-11-30T12:00:00Z","workspace":"ws-1"}""";

            var unauthorized = await PostAsync(http, url, body, "not-the-secret");
            var accepted = await PostAsync(http, url, body, Secret);

            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized);
            Assert.Equal(HttpStatusCode.OK, accepted);
            Assert.Equal( // the operator sees the refusal, by its reason, never the value sent
                "keyward webhooks: warning: webhook instantly (/webhooks/instantly) answered 401 to 127.0.0.1: bad_secret",
                await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://127.0.0.1:{stray}/")));

            // A second receiver on the same SQLite inbox would miss the first one's duplicates: it must not start,
            // and the first one goes on receiving.
            var second = await KeywardProcess.RunAsync(string.Empty, new Dictionary<string, string> { ["KEYWARD_TEST_WEBHOOK_SECRET"] = Secret }, "webhooks", "serve", "--config", config, "--port", "0");
            Assert.Equal(3, second.ExitCode);
            Assert.Contains("another receiver is adding to the webhook inbox", second.Stderr, StringComparison.Ordinal);
            Assert.Contains("postgres:", second.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Hosting failed to start", second.Stderr, StringComparison.Ordinal); // said once, by the error itself
            Assert.Equal(HttpStatusCode.OK, await PostAsync(http, url, body.Replace("ws-1", "ws-2", StringComparison.Ordinal), Secret));

            var events = Path.Combine(_directory.Path, "events.jsonl");
            var deadline = Stopwatch.StartNew();
            while (!(File.Exists(events) && (await File.ReadAllTextAsync(events)).Count(c => c == '\n') == 2) && deadline.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(50); // the dispatcher creates the file, then appends a line for each event
            }

            var lines = await File.ReadAllLinesAsync(events);
            Assert.Equal(2, lines.Length);
            Assert.All(lines, l => Assert.Contains("reply_received", l, StringComparison.Ordinal));

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var list = await CliRunner.RunAsync("webhooks", "inbox", "list", "--json", "--config", config);
        var audit = await CliRunner.RunAsync("audit-log", "query", "--json", "--config", config);

        Assert.True(list.ExitCode == 0, list.Stderr);
        var stored = JsonNode.Parse(list.Stdout)!.AsArray();
        Assert.Equal(2, stored.Count);
        Assert.All(stored, e => Assert.Equal("reply_received", (string?)e!["eventType"]));
        Assert.All(stored, e => Assert.Equal(("delivered", 1), ((string?)e!["state"], (int)e["attempts"]!)));
        Assert.DoesNotContain("ws-1", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("webhook.rejected", audit.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret", audit.Stdout, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Serve_WithoutAWebhooksSection_OrWithASecretValueInsteadOfAReference_OrAPlainHttpForwardOffTheMachine_IsAUsageError()
    {
        var empty = _directory.Write("empty.yaml", "audit:\n  store: sqlite:audit.db\n");
        var inline = _directory.Write("inline.yaml", $"webhooks:\n  instantly:\n    verify: {{ scheme: header-secret, secret: \"{Secret} value\" }}\n");
        var cleartext = _directory.Write("cleartext.yaml", File.ReadAllText(Config).Replace($"jsonl:{Path.Combine(_directory.Path, "events.jsonl")}", "http://crm.example.com/hooks", StringComparison.Ordinal));

        var none = await CliRunner.RunAsync("webhooks", "serve", "--config", empty);
        var leaked = await CliRunner.RunAsync("webhooks", "serve", "--config", inline);
        var plain = await KeywardProcess.RunAsync(string.Empty, new Dictionary<string, string> { ["KEYWARD_TEST_WEBHOOK_SECRET"] = Secret }, "webhooks", "serve", "--config", cleartext, "--port", "0");

        Assert.Equal(2, plain.ExitCode);
        Assert.Contains("would send event payloads (lead emails, replies) in clear text", plain.Stderr, StringComparison.Ordinal);

        Assert.Equal(2, none.ExitCode);
        Assert.Contains("no webhooks are configured", none.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, leaked.ExitCode);
        Assert.Contains("secret references", leaked.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, leaked.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_AppliesAStandardWebhooksTolerance_AndRefusesAMisspeltOrMisplacedVerifySetting()
    {
        const string Signing = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"; // keyward:allow (fake)
        string Endpoint(string verify) => $"""
            webhooks:
              inbox: sqlite:{Path.Combine(_directory.Path, "webhooks.db")}
              billing:
                path: /webhooks/billing
                verify: {"{"} {verify} {"}"}
            """;
        var config = _directory.Write("tolerance.yaml", Endpoint("scheme: standard-webhooks, secret: env:KEYWARD_TEST_WEBHOOK_SECRET, tolerance: 60s"));
        var misspelt = _directory.Write("misspelt.yaml", Endpoint("scheme: standard-webhooks, secret: env:KEYWARD_TEST_WEBHOOK_SECRET, tolerence: 60s"));
        var misplaced = _directory.Write("misplaced.yaml", Endpoint("scheme: header-secret, header: X-Secret, secret: env:KEYWARD_TEST_WEBHOOK_SECRET, tolerance: 60s"));
        var environment = new Dictionary<string, string> { ["KEYWARD_TEST_WEBHOOK_SECRET"] = Signing };

        var typo = await KeywardProcess.RunAsync(string.Empty, environment, "webhooks", "serve", "--config", misspelt, "--port", "0");
        var wrongScheme = await KeywardProcess.RunAsync(string.Empty, environment, "webhooks", "serve", "--config", misplaced, "--port", "0");

        Assert.Equal((2, 2), (typo.ExitCode, wrongScheme.ExitCode));
        Assert.Contains("webhooks.billing.verify has no setting 'tolerence'; it takes scheme, header, secret, secrets, username, tolerance", typo.Stderr, StringComparison.Ordinal);
        Assert.Contains("tolerance applies only to the standard-webhooks scheme", wrongScheme.Stderr, StringComparison.Ordinal);

        var start = KeywardProcess.StartInfo("webhooks", "serve", "--config", config, "--port", "0");
        start.Environment["KEYWARD_TEST_WEBHOOK_SECRET"] = Signing;
        using var process = Process.Start(start)!;
        try
        {
            var url = (await process.StandardError.ReadLineAsync())!.Split(" on ", 2)[1];
            using var http = new HttpClient();
            var now = DateTimeOffset.UtcNow;

            var fresh = await PostSignedAsync(http, url, Signing, "msg_fresh", now.AddSeconds(-30));
            var late = await PostSignedAsync(http, url, Signing, "msg_late", now.AddSeconds(-120)); // inside the default 5 minutes

            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (fresh, late));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Serve_WithAJsonlHandlerThatCannotBeWritten_StopsAtOnceNamingIt()
    {
        var notAFolder = _directory.Write("not-a-folder", "a file where the handler's folder should be");
        var config = _directory.Write("unwritable.yaml", File.ReadAllText(Config).Replace(Path.Combine(_directory.Path, "events.jsonl"), Path.Combine(notAFolder, "events.jsonl"), StringComparison.Ordinal));

        var result = await KeywardProcess.RunAsync(string.Empty, new Dictionary<string, string> { ["KEYWARD_TEST_WEBHOOK_SECRET"] = Secret }, "webhooks", "serve", "--config", config, "--port", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"webhooks.instantly.handler: jsonl:{Path.Combine(notAFolder, "events.jsonl")} cannot be written", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("path: /hooks", "path: /hooks", "webhooks.a and webhooks.b share the path /hooks")]
    [InlineData("path: /Hooks", "path: /hooks", "webhooks.a and webhooks.b share the path /hooks")]
    [InlineData("path: /webhooks/b", "", "webhooks.a and webhooks.b share the path /webhooks/b")]
    [InlineData("path: hooks/a", "path: /hooks/b", "webhooks.a.path must start with /, such as /webhooks/a, not 'hooks/a'")]
    public async Task Serve_RefusesEndpointsThatShareAPath_OrAPathWithoutALeadingSlash(string first, string second, string error)
    {
        var verify = "verify: { scheme: header-secret, header: X-Secret, secret: env:KEYWARD_TEST_WEBHOOK_SECRET }";
        var config = _directory.Write("paths.yaml", $"webhooks:\n  a:\n    {first}\n    {verify}\n  b:\n    {second}\n    {verify}\n");

        var result = await CliRunner.RunAsync("webhooks", "serve", "--config", config, "--port", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(error, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_OfAnUnknownEvent_IsAUsageError()
    {
        await CreateInboxAsync();
        var result = await CliRunner.RunAsync("webhooks", "inbox", "replay", "42", "--config", Config);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no event 42", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeadLetters_ListsOnlyEventsThatFailedEveryAttempt_AndReplayMakesOnePendingWithEveryAttemptAgain()
    {
        var config = Config;
        await using (var inbox = Keyward.Webhooks.Inbox.WebhookInboxes.Open($"sqlite:{Path.Combine(_directory.Path, "webhooks.db")}"))
        {
            await inbox.AddAsync(new("instantly", "failed", "reply_received", "{}"u8.ToArray(), DateTimeOffset.UtcNow));
            await inbox.AddAsync(new("instantly", "waiting", "email_sent", "{}"u8.ToArray(), DateTimeOffset.UtcNow));
            var claimed = (await inbox.ClaimAsync(10, TimeSpan.FromMinutes(1))).Single(e => e.Entry.IdempotencyKey == "failed");
            Assert.True(await inbox.FailAsync(claimed, "HttpRequestException: the CRM answered 500", retryAt: null));
        }

        var dead = await CliRunner.RunAsync("webhooks", "inbox", "dead-letters", "--config", config, "--json");
        var table = await CliRunner.RunAsync("webhooks", "inbox", "dead-letters", "--config", config);
        var letter = Assert.Single(JsonNode.Parse(dead.Stdout)!.AsArray())!;
        var id = ((long)letter["id"]!).ToString(CultureInfo.InvariantCulture);
        var replay = await CliRunner.RunAsync("webhooks", "inbox", "replay", id, "--config", config);
        var after = await CliRunner.RunAsync("webhooks", "inbox", "dead-letters", "--config", config, "--json");
        var list = await CliRunner.RunAsync("webhooks", "inbox", "list", "--config", config, "--json");

        Assert.Equal((0, 0, 0, 0), (dead.ExitCode, table.ExitCode, replay.ExitCode, list.ExitCode));
        Assert.Equal(("failed", "dead-lettered", 1), ((string?)letter["idempotencyKey"], (string?)letter["state"], (int)letter["attempts"]!));
        Assert.Contains("the CRM answered 500", (string?)letter["lastError"], StringComparison.Ordinal);
        Assert.Contains("dead-lettered", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 events.", table.Stdout, StringComparison.Ordinal);
        Assert.Equal($"event {id} is pending again; a running receiver delivers it next", replay.Stdout.Trim());
        Assert.Empty(JsonNode.Parse(after.Stdout)!.AsArray());
        var replayed = JsonNode.Parse(list.Stdout)!.AsArray().Single(e => (string?)e!["idempotencyKey"] == "failed")!;
        Assert.Equal(("pending", 0), ((string?)replayed["state"], (int)replayed["attempts"]!));
    }

    [Fact]
    public async Task ReplayDeadLetters_MakesEveryOnePending_AndReplayWantsAnIdOrTheFlagButNotBoth()
    {
        var config = Config;
        await using (var inbox = Keyward.Webhooks.Inbox.WebhookInboxes.Open($"sqlite:{Path.Combine(_directory.Path, "webhooks.db")}"))
        {
            foreach (var key in new[] { "down-1", "down-2", "down-3" })
            {
                await inbox.AddAsync(new("crm", key, "reply_received", "{}"u8.ToArray(), DateTimeOffset.UtcNow));
            }

            foreach (var claimed in await inbox.ClaimAsync(10, TimeSpan.FromMinutes(1)))
            {
                await inbox.FailAsync(claimed, "HttpRequestException: the CRM is down", retryAt: null);
            }
        }

        var neither = await CliRunner.RunAsync("webhooks", "inbox", "replay", "--config", config);
        var both = await CliRunner.RunAsync("webhooks", "inbox", "replay", "1", "--dead-letters", "--config", config);
        var all = await CliRunner.RunAsync("webhooks", "inbox", "replay", "--dead-letters", "--config", config);
        var dead = await CliRunner.RunAsync("webhooks", "inbox", "dead-letters", "--config", config, "--json");

        Assert.Equal((2, 2, 0), (neither.ExitCode, both.ExitCode, all.ExitCode));
        Assert.Contains("give either an event id or --dead-letters", neither.Stderr + both.Stderr, StringComparison.Ordinal);
        Assert.Equal("3 dead-lettered event(s) are pending again; a running receiver delivers them next", all.Stdout.Trim());
        Assert.Empty(JsonNode.Parse(dead.Stdout)!.AsArray());
    }

    [Fact]
    public async Task InboxPrune_DeletesDeliveredEventsOlderThanTheRetention_AndRefusesAWindowShorterThanAnHour()
    {
        var config = Config;
        var now = DateTimeOffset.UtcNow;
        await using (var inbox = Keyward.Webhooks.Inbox.WebhookInboxes.Open($"sqlite:{Path.Combine(_directory.Path, "webhooks.db")}"))
        {
            foreach (var (key, age) in new[] { ("old-delivered", 40), ("old-pending", 40), ("day-old-delivered", 1) })
            {
                await inbox.AddAsync(new(key == "old-pending" ? "instantly" : "crm", key, "reply_received", "{}"u8.ToArray(), now.AddDays(-age)));
            }

            foreach (var claimed in await inbox.ClaimAsync(10, TimeSpan.FromMinutes(1)))
            {
                if (claimed.Entry.Source == "crm")
                {
                    await inbox.CompleteAsync(claimed);
                }
            }
        }

        var byDefault = await CliRunner.RunAsync("webhooks", "inbox", "prune", "--config", config, "--json");
        var tooShort = await CliRunner.RunAsync("webhooks", "inbox", "prune", "--config", config, "--older-than", "10m");
        var explicitly = await CliRunner.RunAsync("webhooks", "inbox", "prune", "--config", config, "--older-than", "12h");
        var list = await CliRunner.RunAsync("webhooks", "inbox", "list", "--config", config, "--json");

        Assert.Equal(0, byDefault.ExitCode);
        Assert.Equal(1, (long)JsonNode.Parse(byDefault.Stdout)!["pruned"]!);
        Assert.Equal(2, tooShort.ExitCode);
        Assert.Contains("at least 1h", tooShort.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, explicitly.ExitCode);
        Assert.StartsWith("deleted 1 delivered event(s) received before ", explicitly.Stdout, StringComparison.Ordinal);
        var left = Assert.Single(JsonNode.Parse(list.Stdout)!.AsArray());
        Assert.Equal("old-pending", (string)left!["idempotencyKey"]!);
    }

    [Theory]
    [InlineData("retention: 30m", 2, "webhooks.retention must be a duration of at least 1h")]
    [InlineData("retention: forever", 2, "webhooks.retention is forever")]
    [InlineData("retention: 2d", 0, "deleted 0 delivered event(s)")]
    public async Task InboxPrune_ReadsWebhooksRetention(string setting, int exitCode, string output)
    {
        var config = _directory.Write("retention.yaml", $"webhooks:\n  inbox: sqlite:{Path.Combine(_directory.Path, "webhooks.db")}\n  {setting}\n");
        await CreateInboxAsync();

        var result = await CliRunner.RunAsync("webhooks", "inbox", "prune", "--config", config);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains(output, result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InboxCommands_OnAMissingOrMistypedInbox_AreUsageErrorsNamingIt_AndCreateNothing()
    {
        var config = Config;
        var missing = await CliRunner.RunAsync("webhooks", "inbox", "list", "--config", config);
        var unknownScheme = await CliRunner.RunAsync("webhooks", "inbox", "dead-letters", "--config", config, "--inbox", "mysql:inbox");
        var negativeLimit = await CliRunner.RunAsync("webhooks", "inbox", "list", "--config", config, "--limit", "-3");
        var badPort = await CliRunner.RunAsync("webhooks", "serve", "--config", config, "--port", "99999");

        Assert.Equal((2, 2, 2, 2), (missing.ExitCode, unknownScheme.ExitCode, negativeLimit.ExitCode, badPort.ExitCode));
        Assert.Contains($"there is no webhook inbox at {Path.Combine(_directory.Path, "webhooks.db")}", missing.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory.Path, "webhooks.db")), "a read-only command created the inbox");
        Assert.StartsWith("error: the webhook inbox (--inbox, KEYWARD_WEBHOOK_INBOX or webhooks.inbox): unknown webhook inbox location scheme 'mysql:'", unknownScheme.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", unknownScheme.Stderr, StringComparison.Ordinal);
        Assert.Contains("--limit must be at least 1", negativeLimit.Stderr, StringComparison.Ordinal);
        Assert.Contains("--port must be between 0 and 65535", badPort.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInboxThatIsATextFile_IsAUsageErrorLeavingItAlone_AndADirectoryStopsServeNamingIt()
    {
        var config = Config;
        var notes = _directory.Write("notes.txt", "meeting notes, saved where the inbox was meant to go\n");
        var directory = Path.Combine(_directory.Path, "inbox-dir");
        Directory.CreateDirectory(directory);

        var text = await CliRunner.RunAsync("webhooks", "inbox", "list", "--config", config, "--inbox", $"sqlite:{notes}");
        var serve = await KeywardProcess.RunAsync(string.Empty, new Dictionary<string, string> { ["KEYWARD_TEST_WEBHOOK_SECRET"] = Secret }, "webhooks", "serve", "--config", config, "--port", "0", "--inbox", $"sqlite:{directory}");

        Assert.Equal(2, text.ExitCode);
        Assert.Contains($"the webhook inbox '{notes}' is not a SQLite database", text.Stderr, StringComparison.Ordinal);
        Assert.Equal("meeting notes, saved where the inbox was meant to go\n", await File.ReadAllTextAsync(notes));
        Assert.Equal(3, serve.ExitCode);
        Assert.Contains($"'{directory}' is a directory", serve.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("handler: stdout\n    forward-secret: env:KEYWARD_TEST_WEBHOOK_SECRET", "is not an https:// forward")]
    [InlineData("forward-secret: env:KEYWARD_TEST_WEBHOOK_SECRET", "the endpoint has no handler")]
    [InlineData("handler: https://crm.example.com/hooks\n    forward-secret: whsec_pasted-value", "forward-secret must be a secret reference")]
    [InlineData("handler: https://crm.example.com/hooks\n    forward-secret: env:KEYWARD_TEST_WEBHOOK_SECRET", "must be a Standard Webhooks secret")]
    public async Task Serve_WithAForwardSecretThatCannotSign_IsAUsageError(string endpoint, string message)
    {
        var config = _directory.Write(
            "forward.yaml",
            $"webhooks:\n  inbox: sqlite:{Path.Combine(_directory.Path, "webhooks.db")}\n  crm:\n    verify: {{ scheme: header-secret, header: X-Keyward-Webhook-Secret, secret: env:KEYWARD_TEST_WEBHOOK_SECRET }}\n    {endpoint}\n");

        var result = await KeywardProcess.RunAsync(string.Empty, new Dictionary<string, string> { ["KEYWARD_TEST_WEBHOOK_SECRET"] = Secret }, "webhooks", "serve", "--config", config, "--port", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve", true, false)]
    [InlineData("inbox list", true, false)]
    [InlineData("inbox prune", true, false)]
    [InlineData("list", false, true)]
    [InlineData("rotate-secret", false, true)]
    public async Task Help_OffersTheInboxAndTheAdminKeyOnlyToTheCommandsThatUseThem(string command, bool inbox, bool admin)
    {
        var help = await CliRunner.RunAsync(["webhooks", .. command.Split(' '), "--help"]);

        Assert.Equal(0, help.ExitCode);
        Assert.Equal((inbox, admin), (help.Stdout.Contains("--inbox", StringComparison.Ordinal), help.Stdout.Contains("--admin-secret", StringComparison.Ordinal)));
    }

    private async Task CreateInboxAsync() =>
        await Keyward.Webhooks.Inbox.WebhookInboxes.Open($"sqlite:{Path.Combine(_directory.Path, "webhooks.db")}").DisposeAsync();

    /// <summary>Posts a Standard Webhooks delivery signed as the specification says, timestamped <paramref name="at"/>.</summary>
    private static async Task<HttpStatusCode> PostSignedAsync(HttpClient http, string url, string secret, string id, DateTimeOffset at)
    {
        var body = """{"type":"invoice.paid"}""";
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", "v1," + Convert.ToBase64String(signature));
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, string url, string body, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Keyward-Webhook-Secret", secret);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
