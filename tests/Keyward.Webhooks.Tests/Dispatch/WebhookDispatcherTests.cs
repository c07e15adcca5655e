using System.Text;
using System.Text.Json.Nodes;
using Keyward.Core.Secrets;
using Keyward.Testing;
using Keyward.Tests.Shared;
using Keyward.Webhooks.Dispatch;
using Keyward.Webhooks.Inbox;
using Keyward.Webhooks.Receiver;
using Keyward.Webhooks.Verification;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Keyward.Webhooks.Tests.Dispatch;

/// <summary>The dispatcher against a real SQLite inbox and a real HTTP target on loopback.</summary>
public sealed class WebhookDispatcherTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly HttpClient _http = new();
    private readonly WebhookMetrics _metrics = new();
    private IWebhookInbox _inbox = null!;
    private WebApplication _target = null!;
    private int _status = StatusCodes.Status500InternalServerError;
    private int _calls;
    private int _redirectedCalls;
    private readonly List<(Dictionary<string, string> Headers, byte[] Body)> _verified = [];

    public async Task InitializeAsync()
    {
        _inbox = WebhookInboxes.Open($"sqlite:{Path.Combine(_directory.Path, "webhooks.db")}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        _target = builder.Build();
        _target.MapPost("/crm", (HttpContext _) =>
        {
            Interlocked.Increment(ref _calls);
            return Results.StatusCode(_status);
        });
        _target.MapPost("/verifying", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            lock (_verified)
            {
                _verified.Add((context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray()));
            }

            return Results.Ok();
        });
        _target.MapPost("/moved", () => Results.Redirect("/login"));
        _target.MapPost("/moved-keeping-the-body", () => Results.Redirect("/login", permanent: false, preserveMethod: true));
        _target.MapMethods("/login", ["GET", "POST"], () =>
        {
            Interlocked.Increment(ref _redirectedCalls);
            return Results.Ok("a login page");
        });
        await _target.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _inbox.DisposeAsync();
        await _target.DisposeAsync();
    }

    public void Dispose()
    {
        _http.Dispose();
        _metrics.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task AFailingHandler_IsRetried_ThenDeadLettered_AndReplayDeliversItOnceFixed_LoggingEachFailure()
    {
        var handler = Forwarder();
        using var log = new StringWriter();
        using var logging = LoggerFactory.Create(b => b.AddProvider(new LineLoggerProvider(log)));
        var dispatcher = new WebhookDispatcher(_inbox, handler, new WebhookDispatcherOptions { MaxAttempts = 3, BaseDelay = TimeSpan.Zero }, _metrics, TimeProvider.System, logging.CreateLogger<WebhookDispatcher>());
        await _inbox.AddAsync(new InboxEntry("crm", "k1", "reply_received", Encoding.UTF8.GetBytes("""{"event_type":"reply_received"}"""), DateTimeOffset.UtcNow));

        for (var i = 0; i < 5; i++)
        {
            await dispatcher.DispatchOnceAsync();
        }

        var dead = Assert.Single(await _inbox.ListAsync(InboxState.DeadLettered));
        Assert.Equal(3, dead.Attempts);
        Assert.Equal(3, _calls);
        Assert.Contains("500", dead.LastError, StringComparison.Ordinal);
        var failure = $"(HttpRequestException: {new Uri(new Uri(_target.Urls.First()), "/crm")} answered 500)";
        Assert.Collection(
            log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries),
            l => Assert.StartsWith($"keyward webhooks: warning: event {dead.Id} from crm (reply_received): attempt 1 of 3 failed {failure}; the next one is at ", l, StringComparison.Ordinal),
            l => Assert.StartsWith($"keyward webhooks: warning: event {dead.Id} from crm (reply_received): attempt 2 of 3 failed {failure}", l, StringComparison.Ordinal),
            l => Assert.Equal($"keyward webhooks: error: event {dead.Id} from crm (reply_received) is dead-lettered after 3 attempts {failure}; once its handler works, replay it: keyward webhooks inbox replay {dead.Id}", l));

        _status = StatusCodes.Status200OK;
        Assert.True(await _inbox.ReplayAsync(dead.Id));
        await dispatcher.DispatchOnceAsync();

        Assert.Equal(InboxState.Delivered, Assert.Single(await _inbox.ListAsync()).State);
        Assert.Equal(4, _calls);
    }

    [Fact]
    public async Task RetriesWaitTwiceAsLongEachTime_WithJitter_UpToTheMaximumDelay_AndNotBeforeTheyAreDue()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var inbox = WebhookInboxes.Open($"sqlite:{Path.Combine(_directory.Path, "backoff.db")}", time);
        var options = new WebhookDispatcherOptions { MaxAttempts = 10, BaseDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromSeconds(25) };
        var dispatcher = new WebhookDispatcher(inbox, Forwarder(), options, _metrics, time);
        await inbox.AddAsync(new InboxEntry("crm", "k-backoff", "reply_received", Encoding.UTF8.GetBytes("""{"event_type":"reply_received"}"""), time.GetUtcNow()));

        var delays = new List<double>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            Assert.Equal(1, await dispatcher.DispatchOnceAsync());
            var delay = Assert.Single(await inbox.ListAsync(InboxState.Pending)).NextAttemptAt!.Value - time.GetUtcNow();
            delays.Add(delay.TotalSeconds);
            time.Advance(delay - TimeSpan.FromMilliseconds(1));
            Assert.Equal(0, await dispatcher.DispatchOnceAsync());
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        // 10 s × 2^(attempt − 1), at most 25 s, times a factor in [0.5, 1).
        double[] ceilings = [10, 20, 25, 25, 25];
        Assert.All(delays.Zip(ceilings), d => Assert.InRange(d.First, d.Second / 2, d.Second));
        Assert.Equal(3, delays.Skip(2).Distinct().Count()); // the jitter: the same ceiling, three different waits
        Assert.Equal(5, _calls);
    }

    [Fact]
    public async Task Stopping_MidBatch_ReleasesTheEventsNotFinished_SoTheyAreClaimedAgainAtOnce_WithNoAttemptCounted()
    {
        var handler = new StoppedMidBatchHandler();
        var dispatcher = new WebhookDispatcher(_inbox, handler, new WebhookDispatcherOptions(), _metrics, TimeProvider.System);
        foreach (var key in new[] { "done", "interrupted", "not-started" })
        {
            await _inbox.AddAsync(Entry(key, DateTimeOffset.UtcNow));
        }

        using var stop = new CancellationTokenSource();
        var dispatching = dispatcher.DispatchOnceAsync(stop.Token);
        await handler.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dispatching);

        var again = await _inbox.ClaimAsync(10, TimeSpan.FromMinutes(5)); // the lease of 5 minutes has not ended
        Assert.Equal(["interrupted", "not-started"], again.Select(e => e.Entry.IdempotencyKey));
        Assert.All(again, e => Assert.Equal(0, e.Attempts));
        Assert.Equal("done", Assert.Single(await _inbox.ListAsync(InboxState.Delivered)).Entry.IdempotencyKey);
    }

    [Fact]
    public async Task AnInboxOutage_IsLoggedByEachLoopWhenItStartsAndWhenItEnds_NotAtEveryPoll()
    {
        _status = StatusCodes.Status200OK;
        var path = Path.Combine(_directory.Path, "outage.db");
        await using var inbox = WebhookInboxes.Open($"sqlite:{path}");
        using var log = new LockedWriter(); // the loops write while the test reads
        using var logging = LoggerFactory.Create(b => b.AddProvider(new LineLoggerProvider(log)));
        var options = new WebhookDispatcherOptions { PollInterval = TimeSpan.FromMilliseconds(10), PruneInterval = TimeSpan.FromMilliseconds(10) };
        using var dispatcher = new WebhookDispatcher(inbox, Forwarder(), options, _metrics, TimeProvider.System, logging.CreateLogger<WebhookDispatcher>());
        await dispatcher.StartAsync(CancellationToken.None);
        try
        {
            // The table goes away under the running dispatcher, as in a broken restore, and comes back.
            await RenameTableAsync(path, "webhook_inbox", "webhook_inbox_away");
            await WaitForLinesAsync(log, 2);
            await Task.Delay(300); // about 30 more failed polls of each loop
            await RenameTableAsync(path, "webhook_inbox_away", "webhook_inbox");
            await WaitForLinesAsync(log, 4);

            Assert.True(await inbox.AddAsync(Entry("after", DateTimeOffset.UtcNow)));
            var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
            while (await inbox.ListAsync(InboxState.Delivered) is [] && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }

        Assert.Equal(1, _calls);
        var lines = log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Select(l => l["keyward webhooks: ".Length..]).ToList();
        Assert.Equal(
            [
                "error: the inbox cannot hand out events (SqliteException: SQLite Error 1: 'no such table: webhook_inbox'.); the dispatcher tries again, and says so once it can",
                "error: the inbox cannot prune delivered events (SqliteException: SQLite Error 1: 'no such table: webhook_inbox'.); the dispatcher tries again, and says so once it can",
                "info: the inbox can hand out events again",
                "info: the inbox can prune delivered events again",
            ],
            lines.Order(StringComparer.Ordinal));
        foreach (var work in new[] { "hand out events", "prune delivered events" })
        {
            Assert.True(lines.FindIndex(l => l.StartsWith($"error: the inbox cannot {work}", StringComparison.Ordinal)) < lines.IndexOf($"info: the inbox can {work} again"), work);
        }
    }

    [Fact]
    public async Task Running_DeletesDeliveredEventsOlderThanKeepDelivered_AndKeepsTheRest()
    {
        _status = StatusCodes.Status200OK;
        var handler = Forwarder();
        var options = new WebhookDispatcherOptions { KeepDelivered = TimeSpan.FromHours(1), PruneInterval = TimeSpan.FromMilliseconds(50), PollInterval = TimeSpan.FromMilliseconds(20) };
        var now = DateTimeOffset.UtcNow;
        await _inbox.AddAsync(Entry("old", now.AddHours(-2)));
        await _inbox.AddAsync(Entry("recent", now.AddMinutes(-5)));

        using var dispatcher = new WebhookDispatcher(_inbox, handler, options, _metrics, TimeProvider.System);
        await dispatcher.StartAsync(CancellationToken.None);
        try
        {
            // Wait for both outcomes: "old" pruned can come before "recent" is recorded as delivered, and stopping
            // in between would release "recent" for a second attempt.
            var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
            while (await _inbox.ListAsync() is not [{ State: InboxState.Delivered }] && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }

        Assert.Equal(2, _calls);
        var kept = Assert.Single(await _inbox.ListAsync());
        Assert.Equal(("recent", InboxState.Delivered), (kept.Entry.IdempotencyKey, kept.State));
    }

    [Fact]
    public async Task PruneOnce_WithKeepDeliveredNull_KeepsEverything()
    {
        _status = StatusCodes.Status200OK;
        var handler = Forwarder();
        using var dispatcher = new WebhookDispatcher(_inbox, handler, new WebhookDispatcherOptions { KeepDelivered = null }, _metrics, TimeProvider.System);
        await _inbox.AddAsync(Entry("ancient", DateTimeOffset.UtcNow.AddYears(-3)));
        await dispatcher.DispatchOnceAsync();

        Assert.Equal(0, await dispatcher.PruneOnceAsync());

        Assert.Equal(InboxState.Delivered, Assert.Single(await _inbox.ListAsync()).State);
    }

    [Fact]
    public async Task ASlowBatch_RenewsItsClaims_SoASecondDispatcherDoesNotTakeThem()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var inbox = await OpenWithEventsAsync("slow.db", clock, "a", "b", "c");
        var lease = TimeSpan.FromMinutes(5);
        var options = new WebhookDispatcherOptions { Lease = lease };
        WebhookDispatcher? other = null;
        var otherClaimed = 0;
        var handled = new List<string>();
        var slow = new CallbackHandler(async e =>
        {
            handled.Add(e.Entry.IdempotencyKey);
            clock.Advance(lease * 0.6); // each event takes more than half the lease
            otherClaimed += await other!.DispatchOnceAsync();
        });
        var first = new WebhookDispatcher(inbox, slow, options, _metrics, clock);
        other = new WebhookDispatcher(inbox, slow, options, _metrics, clock);
        Assert.Equal(3, await first.DispatchOnceAsync());

        Assert.Equal(["a", "b", "c"], handled);
        Assert.Equal(0, otherClaimed);
        Assert.All(await inbox.ListAsync(), e => Assert.Equal(InboxState.Delivered, e.State));
    }

    [Fact]
    public async Task ADispatcherThatStalledPastItsLease_NeitherRepeatsNorOverwritesWhatAnotherOneDidMeanwhile()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var inbox = await OpenWithEventsAsync("stalled.db", clock, "a", "b", "c");
        var lease = TimeSpan.FromMinutes(5);
        var options = new WebhookDispatcherOptions { Lease = lease };
        var byOther = new List<string>();
        var other = new WebhookDispatcher(inbox, new CallbackHandler(e =>
        {
            byOther.Add(e.Entry.IdempotencyKey);
            return Task.CompletedTask;
        }), options, _metrics, clock);
        var byStalled = new List<string>();
        var stalled = new WebhookDispatcher(inbox, new CallbackHandler(async e =>
        {
            byStalled.Add(e.Entry.IdempotencyKey);
            clock.Advance(lease + TimeSpan.FromSeconds(1)); // a pause longer than the whole lease
            Assert.Equal(3, await other.DispatchOnceAsync()); // meanwhile the other takes and delivers the batch
            throw new HttpRequestException("the CRM timed out");
        }), options, _metrics, clock);
        await stalled.DispatchOnceAsync();

        // Only the event in hand when it stalled was handled by both; its late failure did not re-queue it nor count.
        Assert.Equal(["a"], byStalled);
        Assert.Equal(["a", "b", "c"], byOther);
        Assert.All(await inbox.ListAsync(), e => Assert.Equal((InboxState.Delivered, 1), (e.State, e.Attempts)));
    }

    [Theory]
    [InlineData("/moved")]
    [InlineData("/moved-keeping-the-body")]
    public async Task TheHttpForward_FailsOnARedirect_AndSendsNothingToWhereItPoints(string path)
    {
        using var noRedirects = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var target = new Uri(new Uri(_target.Urls.First()), path);
        var forward = new HttpForwardHandler(noRedirects, new UriBuilder(target) { UserName = "crm", Password = "pass-in-url", Query = "token=in-query" }.Uri);
        var webhookEvent = new InboxEvent(7, Entry("k1", DateTimeOffset.UtcNow), InboxState.Pending, 0, null, null);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => forward.HandleAsync(webhookEvent, CancellationToken.None));

        Assert.Contains("redirect", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pass-in-url", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("in-query", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _redirectedCalls);
    }

    [Fact]
    public async Task TheHttpForward_WithAClientThatFollowsRedirects_StillCountsTheLoginPageAsAFailure()
    {
        var forward = new HttpForwardHandler(_http, new Uri(new Uri(_target.Urls.First()), "/moved"));
        var webhookEvent = new InboxEvent(7, Entry("k1", DateTimeOffset.UtcNow), InboxState.Pending, 0, null, null);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => forward.HandleAsync(webhookEvent, CancellationToken.None));

        Assert.Contains("redirected to", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _redirectedCalls); // the GET that following the 302 sent: no payload, but a 200
    }

    [Fact]
    public async Task TheJsonlHandler_WritesEachEventOnce_EvenAcrossRestarts_OnOneLineWhateverThePayloadsLayout()
    {
        var path = Path.Combine(_directory.Path, "out", "events.jsonl");
        var entry = new InboxEntry("instantly", "k1", "email_sent", Encoding.UTF8.GetBytes("{\n  \"event_type\": \"email_sent\",\n  \"lead_email\": \"a@b.example\"\n}"), DateTimeOffset.UtcNow);
        var webhookEvent = new InboxEvent(7, entry, InboxState.Pending, 0, null, null);

        using (var first = new JsonlFileHandler(path))
        {
            await first.HandleAsync(webhookEvent, CancellationToken.None);
            await first.HandleAsync(webhookEvent, CancellationToken.None);
        }

        using (var afterRestart = new JsonlFileHandler(path))
        {
            await afterRestart.HandleAsync(webhookEvent, CancellationToken.None);
        }

        var line = JsonNode.Parse(Assert.Single(await File.ReadAllLinesAsync(path)))!;
        Assert.Equal((7, "instantly", "k1"), ((int)line["id"]!, (string?)line["source"], (string?)line["idempotency_key"]));
        Assert.Equal("""{"event_type":"email_sent","lead_email":"a@b.example"}""", line["payload"]!.ToJsonString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task TheJsonlHandler_TellsEventsApartByKey_SoANewInboxNumberingFromOneAgainLosesNothing()
    {
        var path = Path.Combine(_directory.Path, "events.jsonl");
        using var handler = new JsonlFileHandler(path);

        await handler.HandleAsync(new InboxEvent(1, Entry("old-inbox", DateTimeOffset.UtcNow), InboxState.Pending, 0, null, null), CancellationToken.None);
        await handler.HandleAsync(new InboxEvent(1, Entry("new-inbox", DateTimeOffset.UtcNow), InboxState.Pending, 0, null, null), CancellationToken.None);
        await handler.HandleAsync(new InboxEvent(1, new InboxEntry("other-source", "new-inbox", "x", "{}"u8.ToArray(), DateTimeOffset.UtcNow), InboxState.Pending, 0, null, null), CancellationToken.None);

        var keys = (await File.ReadAllLinesAsync(path)).Select(l => JsonNode.Parse(l)!).Select(n => $"{n["source"]}/{n["idempotency_key"]}");
        Assert.Equal(["crm/old-inbox", "crm/new-inbox", "other-source/new-inbox"], keys);
    }

    [Fact]
    public async Task TheJsonlHandler_RemembersOnlyTheEndOfALargeFile_ReadInChunks_AndAfterATornLastLine()
    {
        var path = Path.Combine(_directory.Path, "large.jsonl");
        const int Window = 4096;
        using (var writer = new JsonlFileHandler(path, Window))
        {
            for (var i = 0; i < 400; i++)
            {
                await writer.HandleAsync(new InboxEvent(i, Entry($"e{i}", DateTimeOffset.UtcNow), InboxState.Pending, 0, null, null), CancellationToken.None);
            }
        }

        await File.AppendAllTextAsync(path, """{"id":400,"source":"crm","idempotency_key":"e400","pay"""); // a crash mid-line
        using var restarted = new JsonlFileHandler(path, Window);
        foreach (var key in new[] { "e399", "e0", "e400" })
        {
            await restarted.HandleAsync(new InboxEvent(0, Entry(key, DateTimeOffset.UtcNow), InboxState.Pending, 0, null, null), CancellationToken.None);
        }

        var lines = await File.ReadAllLinesAsync(path);
        var keys = lines.Skip(401).Select(l => (string?)JsonNode.Parse(l)!["idempotency_key"]);
        Assert.True(new FileInfo(path).Length > 10 * Window);
        Assert.Equal(["e0", "e400"], keys); // e399 was in the window; e0 had left it; the torn e400 counts for nothing
    }

    [Fact]
    public async Task AConfiguredForward_AsAURLOrAsHttpColonURL_ReachesTheTarget_ButPlainHttpOffTheMachineIsRefused()
    {
        _status = StatusCodes.Status200OK;
        var url = new Uri(new Uri(_target.Urls.First()), "/crm").ToString();
        var webhookEvent = new InboxEvent(1, Entry("k1", DateTimeOffset.UtcNow), InboxState.Pending, 0, null, null);

        await WebhookHandlers.Parse(url, TextWriter.Null, _http).HandleAsync(webhookEvent, CancellationToken.None);
        await WebhookHandlers.Parse($"http:{url}", TextWriter.Null, _http).HandleAsync(webhookEvent, CancellationToken.None);
        var cleartext = Assert.Throws<FormatException>(() => WebhookHandlers.Parse("http:http://crm.example.com/hooks", TextWriter.Null, _http));
        var unknown = Assert.Throws<FormatException>(() => WebhookHandlers.Parse("ftp://crm.example.com/hooks", TextWriter.Null, _http));

        Assert.Equal(2, _calls);
        Assert.Contains("in clear text", cleartext.Message, StringComparison.Ordinal);
        Assert.Contains("jsonl:PATH", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASignedForward_VerifiesUnderStandardWebhooks_WithOneIdForAnEventFromAnyInbox()
    {
        var secret = new SecretValue("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"); // keyward:allow (fake)
        var url = new Uri(new Uri(_target.Urls.First()), "/verifying").ToString();
        var signed = WebhookHandlers.Parse(url, TextWriter.Null, _http, secret);
        var unsigned = WebhookHandlers.Parse(url, TextWriter.Null, _http);
        var entry = Entry("k1", DateTimeOffset.UtcNow);

        await signed.HandleAsync(new InboxEvent(7, entry, InboxState.Pending, 0, null, null), CancellationToken.None);
        await signed.HandleAsync(new InboxEvent(1, entry, InboxState.Pending, 0, null, null), CancellationToken.None); // a new inbox
        await signed.HandleAsync(new InboxEvent(8, Entry("k2", DateTimeOffset.UtcNow), InboxState.Pending, 0, null, null), CancellationToken.None);
        await unsigned.HandleAsync(new InboxEvent(9, entry, InboxState.Pending, 0, null, null), CancellationToken.None);

        var verifier = WebhookVerifiers.Create(new WebhookVerifyOptions { Scheme = "standard-webhooks", Secrets = [secret] });
        var results = _verified.Select(v => verifier.Verify(name => v.Headers.GetValueOrDefault(name), v.Body)).ToList();
        Assert.Equal([true, true, true, false], results.Select(r => r.IsValid));
        Assert.Equal(VerificationFailure.MissingHeader, results[3].Failure);
        var ids = _verified.Select(v => v.Headers["webhook-id"]).ToList();
        Assert.Equal([ids[0], ids[0], ids[2], ids[0]], ids);
        Assert.NotEqual(ids[0], ids[2]);
        Assert.Throws<FormatException>(() => WebhookHandlers.Parse("stdout", TextWriter.Null, _http, secret));
        Assert.Throws<FormatException>(() => WebhookHandlers.Parse(url, TextWriter.Null, _http, new SecretValue("not base64!")));
        Assert.Throws<FormatException>(() => WebhookHandlers.Parse(url, TextWriter.Null, _http, new SecretValue("whsec_c2hvcnQ="))); // 5 bytes
    }

    [Fact]
    public async Task AForward_OfACustomLabelOutsideAscii_IsDelivered_WithTheLabelPercentEncodedInItsHeader()
    {
        var url = new Uri(new Uri(_target.Urls.First()), "/verifying").ToString();
        var forward = WebhookHandlers.Parse(url, TextWriter.Null, _http);
        var payload = """{"event_type":"Très intéressé\r\nX-Injected: 1"}""";
        var entry = new InboxEntry("instantly", "k-label", "Très intéressé\r\nX-Injected: 1", Encoding.UTF8.GetBytes(payload), DateTimeOffset.UtcNow);

        await forward.HandleAsync(new InboxEvent(1, entry, InboxState.Pending, 0, null, null), CancellationToken.None);

        var (headers, body) = Assert.Single(_verified);
        Assert.Equal("Tr%C3%A8s%20int%C3%A9ress%C3%A9%0D%0AX-Injected%3A%201", headers["x-keyward-event-type"]);
        Assert.Equal(entry.EventType, Uri.UnescapeDataString(headers["x-keyward-event-type"]));
        Assert.Equal("instantly", headers["x-keyward-source"]);
        Assert.False(headers.ContainsKey("X-Injected"));
        Assert.Equal(payload, Encoding.UTF8.GetString(body));
    }

    private static InboxEntry Entry(string key, DateTimeOffset receivedAt) =>
        new("crm", key, "reply_received", Encoding.UTF8.GetBytes("""{"event_type":"reply_received"}"""), receivedAt);

    /// <summary>Opens a fresh inbox on <paramref name="clock"/> holding one event per key, received now.</summary>
    private async Task<IWebhookInbox> OpenWithEventsAsync(string file, FakeTimeProvider clock, params string[] keys)
    {
        var inbox = WebhookInboxes.Open($"sqlite:{Path.Combine(_directory.Path, file)}", clock);
        foreach (var key in keys)
        {
            await inbox.AddAsync(Entry(key, clock.GetUtcNow()));
        }

        return inbox;
    }

    private static async Task RenameTableAsync(string path, string from, string to)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"ALTER TABLE {from} RENAME TO {to}";
        await command.ExecuteNonQueryAsync();
    }

    private static async Task WaitForLinesAsync(LockedWriter log, int lines)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (log.ToString().Count(c => c == '\n') < lines && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }

    private HttpForwardHandler Forwarder() => new(_http, new Uri(new Uri(_target.Urls.First()), "/crm"));

    /// <summary>A writer that one thread may read while others write lines to it.</summary>
    private sealed class LockedWriter : StringWriter
    {
        private readonly Lock _lock = new();

        public override void WriteLine(string? value)
        {
            lock (_lock)
            {
                base.WriteLine(value);
            }
        }

        public override string ToString()
        {
            lock (_lock)
            {
                return base.ToString();
            }
        }
    }

    /// <summary>An in-process handler, as an application registers one, that runs the test's code.</summary>
    private sealed class CallbackHandler(Func<InboxEvent, Task> handle) : IWebhookHandler
    {
        public Task HandleAsync(InboxEvent webhookEvent, CancellationToken cancellationToken) => handle(webhookEvent);
    }

    /// <summary>Handles the first event, then waits inside the second until the dispatcher is stopped.</summary>
    private sealed class StoppedMidBatchHandler : IWebhookHandler
    {
        private int _calls;

        public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task HandleAsync(InboxEvent webhookEvent, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) > 1)
            {
                Waiting.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        }
    }
}
