using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Keyward.Core.Secrets;
using Keyward.Sandbox;
using Keyward.Testing;
using Keyward.Tests.Shared;
using Keyward.Webhooks.Dispatch;
using Keyward.Webhooks.Inbox;
using Keyward.Webhooks.Receiver;
using Keyward.Webhooks.Verification;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Keyward.Webhooks.Tests.Receiver;

/// <summary>The receiver over loopback Kestrel with a real SQLite inbox: what a sender sees, and what gets stored.</summary>
public sealed class WebhookReceiverTests : IAsyncLifetime, IDisposable
{
    private const string Header = "X-Keyward-Webhook-Secret";
    private static readonly SecretValue Secret = new("whk-test-secret-0123456789abcdef"); // keyward:allow (fake)

    private static readonly SecretValue SalesloftToken = new("sl-callback-token-0123456789abcdef"); // keyward:allow (fake)

    private readonly TempDirectory _directory = new();
    private readonly CollectingAuditSink _audit = new();
    private readonly HttpClient _http = new();
    private readonly StringWriter _log = new();
    private WebhookServer _server = null!;
    private IWebhookInbox _inbox = null!;

    private string Events => Path.Combine(_directory.Path, "events.jsonl");

    public async Task InitializeAsync()
    {
        _inbox = WebhookInboxes.Open($"sqlite:{Path.Combine(_directory.Path, "webhooks.db")}");
        _server = await WebhookServer.StartAsync(new WebhookServerOptions
        {
            Inbox = _inbox,
            Audit = _audit,
            Log = _log,
            Endpoints =
            [
                new WebhookEndpoint("instantly", "/webhooks/instantly", Verifier("header-secret", Header), WebhookVendor.Instantly) { MaxBodyBytes = 4096 },
                new WebhookEndpoint("generic", "/webhooks/generic", Verifier("standard-webhooks", null, new SecretValue("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")), WebhookVendor.Generic), // keyward:allow (fake)
                new WebhookEndpoint("internal", "/webhooks/internal", Verifier("header-secret", Header), WebhookVendor.Generic) { AllowedNetworks = [IPNetwork.Parse("10.0.0.0/8")] },
                new WebhookEndpoint("salesloft", "/webhooks/salesloft", Verifier("salesloft", null, SalesloftToken), WebhookVendor.Salesloft),
            ],
            Handlers = new Dictionary<string, IWebhookHandler> { ["instantly"] = new JsonlFileHandler(Events) },
            Dispatch = new WebhookDispatcherOptions { PollInterval = TimeSpan.FromMilliseconds(20) },
        });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _log.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task AValidDelivery_IsStoredThenAcknowledged_ARetryIsAcknowledgedWithoutASecondEvent_AndItIsDispatchedOnce()
    {
        var body = InstantlyEvent("reply_received");

        var first = await PostAsync("/webhooks/instantly", body, (Header, Secret.Reveal()));
        var retry = await PostAsync("/webhooks/instantly", body, (Header, Secret.Reveal()));

        Assert.Equal((HttpStatusCode.OK, """{"status":"stored"}"""), first);
        Assert.Equal((HttpStatusCode.OK, """{"status":"duplicate"}"""), retry);
        var stored = Assert.Single(await _inbox.ListAsync());
        Assert.Equal("reply_received", stored.Entry.EventType);
        Assert.Equal(body, Encoding.UTF8.GetString(stored.Entry.Payload.Span));
        await WaitUntilAsync(async () => (await _inbox.ListAsync(InboxState.Delivered)).Count == 1);
        var line = JsonNode.Parse(Assert.Single(await File.ReadAllLinesAsync(Events)))!;
        Assert.Equal("reply_received", (string?)line["payload"]!["event_type"]);
    }

    [Fact]
    public async Task AWrongSecret_Gets401WithAGenericBody_TheReasonGoesToTheAuditLogOnly()
    {
        var response = await PostAsync("/webhooks/instantly", InstantlyEvent("email_sent"), (Header, "guessed-secret-value"));
        var missing = await PostAsync("/webhooks/instantly", InstantlyEvent("email_sent"));

        Assert.Equal((HttpStatusCode.Unauthorized, """{"error":"unauthorized"}"""), response);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);
        Assert.Empty(await _inbox.ListAsync());
        Assert.Collection(
            _audit.Records,
            r => Assert.StartsWith("bad_secret", r.Reason, StringComparison.Ordinal),
            r => Assert.StartsWith("missing_header", r.Reason, StringComparison.Ordinal));
        Assert.All(_audit.Records, r => Assert.DoesNotContain("guessed-secret-value", r.Reason, StringComparison.Ordinal));

        // The operator sees them too, by their machine-readable reason only.
        Assert.Equal(
            [
                "keyward webhooks: warning: webhook instantly (/webhooks/instantly) answered 401 to 127.0.0.1: bad_secret",
                "keyward webhooks: warning: webhook instantly (/webhooks/instantly) answered 401 to 127.0.0.1: missing_header",
            ],
            Lines(_log));
    }

    [Fact]
    public async Task AnInvalidPayload_Gets400NamingTheProblem_AndIsNotStored()
    {
        var notJson = await PostAsync("/webhooks/instantly", "event_type=reply_received", (Header, Secret.Reveal()));
        var noWorkspace = await PostAsync("/webhooks/instantly", """{"event_type":"email_sent","timestamp":"2026-11-30T12:00:00Z"}""", (Header, Secret.Reveal()));

        Assert.Equal(HttpStatusCode.BadRequest, notJson.Status);
        Assert.Contains("not valid JSON", notJson.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noWorkspace.Status);
        Assert.Contains("'workspace'", noWorkspace.Body, StringComparison.Ordinal);
        Assert.Empty(await _inbox.ListAsync());
    }

    [Fact]
    public async Task ACustomLabelEvent_IsStoredUnderItsLabel_ButABodyThatIsNotAnEventObjectGets400()
    {
        var label = await PostAsync("/webhooks/instantly", InstantlyEvent("Hot lead - call today"), (Header, Secret.Reveal()));
        var array = await PostAsync("/webhooks/instantly", """[{"event_type":"email_sent"}]""", (Header, Secret.Reveal()));
        var numericType = await PostAsync("/webhooks/instantly", """{"event_type":7,"timestamp":"2026-11-30T12:00:00Z","workspace":"ws-1"}""", (Header, Secret.Reveal()));
        var emptyType = await PostAsync("/webhooks/instantly", """{"event_type":"","timestamp":"2026-11-30T12:00:00Z","workspace":"ws-1"}""", (Header, Secret.Reveal()));

        Assert.Equal((HttpStatusCode.OK, """{"status":"stored"}"""), label);
        Assert.Equal((HttpStatusCode.BadRequest, """{"error":"the body must be a JSON object"}"""), array);
        Assert.Equal((HttpStatusCode.BadRequest, """{"error":"an Instantly event needs the string field 'event_type'"}"""), numericType);
        Assert.Equal(numericType, emptyType);
        Assert.Equal("Hot lead - call today", Assert.Single(await _inbox.ListAsync()).Entry.EventType);
    }

    [Theory]
    [InlineData(@"lead\u0000")] // PostgreSQL's text refuses NUL: it would fail the whole group commit
    [InlineData(@"\u001b[2J\u001b[31mcall now")]
    [InlineData(@"one\nkeyward webhooks: error: forged")]
    [InlineData(@"split\u2028here")]
    public async Task AnEventTypeWithAControlOrLineBreakingCharacter_Gets400_AndIsNotStored(string jsonEscaped)
    {
        var body = "{\"event_type\":\"" + jsonEscaped + "\",\"timestamp\":\"2026-11-30T12:00:00Z\",\"workspace\":\"ws-1\"}";

        var response = await PostAsync("/webhooks/instantly", body, (Header, Secret.Reveal()));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("no control or line-separator character", response.Body, StringComparison.Ordinal);
        Assert.Empty(await _inbox.ListAsync());
    }

    [Fact]
    public async Task AnEventTypeOverTheLimit_Gets400_AndARightToLeftLabelWithItsMark_IsStored()
    {
        var tooLong = await PostAsync("/webhooks/instantly", InstantlyEvent(new string('x', WebhookPayloads.MaxEventTypeLength + 1)), (Header, Secret.Reveal()));
        var longest = await PostAsync("/webhooks/instantly", InstantlyEvent(new string('x', WebhookPayloads.MaxEventTypeLength)), (Header, Secret.Reveal()));
        var rightToLeft = await PostAsync("/webhooks/instantly", InstantlyEvent("\u0639\u0645\u064a\u0644 \u0645\u0647\u062a\u0645\u200F"), (Header, Secret.Reveal()));

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Contains($"at most {WebhookPayloads.MaxEventTypeLength} characters", tooLong.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, longest.Status);
        Assert.Equal(HttpStatusCode.OK, rightToLeft.Status);
        Assert.Equal(2, (await _inbox.ListAsync()).Count);
    }

    [Fact]
    public async Task ASalesloftDelivery_SignedWithTheCallbackToken_IsStoredUnderItsEventHeader_UnsignedOrUnnamedIsRefused()
    {
        var body = """{"id":1234,"first_name":"Jane","updated_at":"2026-11-30T12:00:00.000000-05:00"}""";
        var signed = WebhookSigner.Salesloft(SalesloftToken, Encoding.UTF8.GetBytes(body)).Select(h => (h.Key, h.Value)).ToArray();
        var forged = WebhookSigner.Salesloft(new SecretValue("not-the-callback-token"), Encoding.UTF8.GetBytes(body)).Select(h => (h.Key, h.Value)); // keyward:allow (fake)

        var stored = await PostAsync("/webhooks/salesloft", body, [.. signed, ("x-salesloft-event", "person_updated")]);
        var retried = await PostAsync("/webhooks/salesloft", body, [.. signed, ("x-salesloft-event", "person_updated")]);
        var unnamed = await PostAsync("/webhooks/salesloft", body, signed);
        var unsigned = await PostAsync("/webhooks/salesloft", body, [.. forged, ("x-salesloft-event", "person_updated")]);

        Assert.Equal((HttpStatusCode.OK, """{"status":"stored"}"""), stored);
        Assert.Equal((HttpStatusCode.OK, """{"status":"duplicate"}"""), retried);
        Assert.Equal((HttpStatusCode.BadRequest, """{"error":"a Salesloft event needs the x-salesloft-event header"}"""), unnamed);
        Assert.Equal((HttpStatusCode.Unauthorized, """{"error":"unauthorized"}"""), unsigned);
        var entry = Assert.Single(await _inbox.ListAsync()).Entry;
        Assert.Equal(("salesloft", "person_updated", body), (entry.Source, entry.EventType, Encoding.UTF8.GetString(entry.Payload.Span)));
        Assert.Collection(
            _audit.Records,
            r => Assert.Contains("x-salesloft-event", r.Reason, StringComparison.Ordinal),
            r => Assert.StartsWith("bad_signature", r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheCounters_CountWhatSendersAndHandlersSaw_PerEndpointAndReason()
    {
        // Endpoint names of their own: the meter's name is shared with every other receiver in this process.
        var ok = $"metered-{Guid.NewGuid():N}";
        var failing = $"failing-{Guid.NewGuid():N}";
        var counts = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == WebhookMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? source = null, reason = null;
            foreach (var tag in tags)
            {
                source = tag.Key == "source" ? tag.Value as string : source;
                reason = tag.Key == "reason" ? tag.Value as string : reason;
            }

            if (source == ok || source == failing)
            {
                counts.AddOrUpdate($"{instrument.Name} {(source == ok ? "ok" : "failing")}{(reason is null ? string.Empty : " " + reason)}", value, (_, sum) => sum + value);
            }
        });
        listener.Start();
        var server = await WebhookServer.StartAsync(new WebhookServerOptions
        {
            Inbox = WebhookInboxes.Open($"sqlite:{Path.Combine(_directory.Path, "metered.db")}"), // the server disposes it
            Audit = new CollectingAuditSink(),
            Endpoints =
            [
                new WebhookEndpoint(ok, "/ok", Verifier("header-secret", Header), WebhookVendor.Instantly),
                new WebhookEndpoint(failing, "/failing", Verifier("header-secret", Header), WebhookVendor.Instantly),
            ],
            Handlers = new Dictionary<string, IWebhookHandler> { [ok] = new JsonlFileHandler(Events), [failing] = new FailingHandler() },
            Dispatch = new WebhookDispatcherOptions { PollInterval = TimeSpan.FromMilliseconds(20), MaxAttempts = 1 },
        });
        await using (server)
        {
            await PostAsync(server, "/ok", InstantlyEvent("reply_received"), (Header, Secret.Reveal()));
            await PostAsync(server, "/ok", InstantlyEvent("reply_received"), (Header, Secret.Reveal()));
            await PostAsync(server, "/ok", InstantlyEvent("reply_received"), (Header, "guessed"));
            await PostAsync(server, "/ok", "{}", (Header, Secret.Reveal()));
            await PostAsync(server, "/failing", InstantlyEvent("email_sent"), (Header, Secret.Reveal()));
            await WaitUntilAsync(() => Task.FromResult(counts.ContainsKey("keyward.webhooks.dispatched ok") && counts.ContainsKey("keyward.webhooks.dead_lettered failing")));
        }

        Assert.Equal(
            new Dictionary<string, long>
            {
                ["keyward.webhooks.received ok"] = 4,
                ["keyward.webhooks.stored ok"] = 1,
                ["keyward.webhooks.duplicates ok"] = 1,
                ["keyward.webhooks.rejected ok bad_secret"] = 1,
                ["keyward.webhooks.rejected ok invalid_payload"] = 1,
                ["keyward.webhooks.dispatched ok"] = 1,
                ["keyward.webhooks.received failing"] = 1,
                ["keyward.webhooks.stored failing"] = 1,
                ["keyward.webhooks.dead_lettered failing"] = 1,
            },
            counts.ToDictionary());
    }

    [Fact]
    public async Task AnOversizedBody_Gets413_WithOrWithoutContentLength()
    {
        var big = InstantlyEvent("email_sent", padding: new string('x', 5000));

        var declared = await PostAsync("/webhooks/instantly", big, (Header, Secret.Reveal()));
        using var chunked = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.BaseUrl, "/webhooks/instantly"))
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))),
        };
        chunked.Headers.TransferEncodingChunked = true;
        chunked.Headers.Add(Header, Secret.Reveal());
        using var streamed = await _http.SendAsync(chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.Status);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Empty(await _inbox.ListAsync());
    }

    [Fact]
    public async Task StandardWebhooks_UseTheWebhookIdAsTheIdempotencyKey()
    {
        var secret = new SecretValue("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"); // keyward:allow (fake)
        var now = DateTimeOffset.UtcNow;
        var first = """{"type":"invoice.paid","attempt":1}""";
        var second = """{"type":"invoice.paid","attempt":2}""";

        var a = await PostAsync("/webhooks/generic", first, [.. WebhookSigner.StandardWebhooks(secret, "msg_1", now, Encoding.UTF8.GetBytes(first)).Select(h => (h.Key, h.Value))]);
        var b = await PostAsync("/webhooks/generic", second, [.. WebhookSigner.StandardWebhooks(secret, "msg_1", now, Encoding.UTF8.GetBytes(second)).Select(h => (h.Key, h.Value))]);

        Assert.Equal("""{"status":"stored"}""", a.Body);
        Assert.Equal("""{"status":"duplicate"}""", b.Body);
        Assert.Equal("msg_1", Assert.Single(await _inbox.ListAsync()).Entry.IdempotencyKey);
    }

    [Fact]
    public async Task ACapturedDelivery_ReplayedUnderFreshWebhookIds_IsStoredOnce_WhenTheSchemeDoesNotSignTheId()
    {
        var captured = InstantlyEvent("reply_received");

        var original = await PostAsync("/webhooks/instantly", captured, (Header, Secret.Reveal()));
        var replays = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            PostAsync("/webhooks/instantly", captured, (Header, Secret.Reveal()), ("webhook-id", $"msg_forged_{i}"))));

        Assert.Equal("""{"status":"stored"}""", original.Body);
        Assert.All(replays, r => Assert.Equal((HttpStatusCode.OK, """{"status":"duplicate"}"""), r));
        Assert.StartsWith("sha256:", Assert.Single(await _inbox.ListAsync()).Entry.IdempotencyKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEndpointWithoutAHandler_OnlyStores_ItsEventsStayPendingWhileTheOthersAreDispatched()
    {
        var secret = new SecretValue("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"); // keyward:allow (fake)
        var generic = """{"type":"invoice.paid"}""";
        await PostAsync("/webhooks/generic", generic, [.. WebhookSigner.StandardWebhooks(secret, "msg_store_only", DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(generic)).Select(h => (h.Key, h.Value))]);
        await PostAsync("/webhooks/instantly", InstantlyEvent("reply_received"), (Header, Secret.Reveal()));

        await WaitUntilAsync(async () => (await _inbox.ListAsync(InboxState.Delivered)).Count == 1);
        await Task.Delay(200); // ten more polls of the dispatcher

        var storeOnly = Assert.Single(await _inbox.ListAsync(InboxState.Pending));
        Assert.Equal(("generic", 0, null), (storeOnly.Entry.Source, storeOnly.Attempts, storeOnly.LastError));
        Assert.Equal("instantly", Assert.Single(await _inbox.ListAsync(InboxState.Delivered)).Entry.Source);
    }

    [Fact]
    public async Task ASenderOutsideTheAllowList_Gets403()
    {
        var response = await PostAsync("/webhooks/internal", InstantlyEvent("email_sent"), (Header, Secret.Reveal()));

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("""{"error":"address_not_allowed"}""", response.Body);
        Assert.Contains("allow-list", Assert.Single(_audit.Records).Reason, StringComparison.Ordinal);
        Assert.Empty(await _inbox.ListAsync());
    }

    [Fact]
    public async Task WhenTheAuditLogCannotRecordARejection_TheSenderStillGets401_AndTheOperatorIsTold()
    {
        var audit = await Audit.AuditLog.OpenAsync(new Audit.AuditLogOptions { Store = $"sqlite:{Path.Combine(_directory.Path, "audit.db")}" });
        await audit.DisposeAsync(); // every write now fails
        using var log = new StringWriter();
        await using var server = await WebhookServer.StartAsync(new WebhookServerOptions
        {
            Inbox = WebhookInboxes.Open($"sqlite:{Path.Combine(_directory.Path, "closed-audit.db")}"),
            Audit = audit,
            Log = log,
            Endpoints = [new WebhookEndpoint("instantly", "/webhooks/instantly", Verifier("header-secret", Header), WebhookVendor.Instantly)],
        });

        var response = await PostAsync(server, "/webhooks/instantly", InstantlyEvent("email_sent"), (Header, "guessed-secret-value"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Collection(
            Lines(log),
            l => Assert.EndsWith("answered 401 to 127.0.0.1: bad_secret", l, StringComparison.Ordinal),
            l => Assert.StartsWith("keyward webhooks: warning: the audit log could not record webhook.rejected (ObjectDisposedException: ", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhenTheInboxCannotStore_TheSenderGets503_SoItRetries()
    {
        await _inbox.DisposeAsync(); // the store is gone: nothing can be made durable

        var response = await PostAsync("/webhooks/instantly", InstantlyEvent("email_sent"), (Header, Secret.Reveal()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
        Assert.Equal("""{"error":"unavailable"}""", response.Body);
        Assert.StartsWith(
            "keyward webhooks: error: webhook instantly (/webhooks/instantly) answered 503, the inbox could not store the event (ObjectDisposedException: ",
            Assert.Single(Lines(_log), l => l.Contains(" answered ", StringComparison.Ordinal)), // the dispatcher logs the closed inbox too
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProbe_IsOnlyAuthenticated_204WithTheSecret_401Without_AndNothingIsStored()
    {
        var accepted = await PostAsync("/webhooks/instantly", string.Empty, (Header, Secret.Reveal()), (WebhookReceiver.ProbeHeader, "rotate-secret"));
        var refused = await PostAsync("/webhooks/instantly", string.Empty, (Header, "not-the-secret"), (WebhookReceiver.ProbeHeader, "rotate-secret"));

        Assert.Equal((HttpStatusCode.NoContent, string.Empty), accepted);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Empty(await _inbox.ListAsync());
    }

    [Fact]
    public async Task TheSandboxesDeliveries_ArriveVerifiedAndStored()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions());
        using var api = new HttpClient { BaseAddress = sandbox.BaseUrl };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", sandbox.AdminKey.Reveal());
        using (var created = await api.PostAsync("/api/v2/webhooks", Json(new JsonObject
        {
            ["target_hook_url"] = new Uri(_server.BaseUrl, "/webhooks/instantly").ToString(),
            ["event_type"] = "all_events",
            ["headers"] = new JsonObject { [Header] = Secret.Reveal() },
        })))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        using (await api.PostAsync(SandboxServer.EventsPath, Json(new JsonObject { ["event_type"] = "reply_received", ["lead_email"] = "jane@prospect.example" })))
        {
        }

        Assert.True(await sandbox.WaitForWebhooksAsync(TimeSpan.FromSeconds(10)));
        var stored = Assert.Single(await _inbox.ListAsync());
        Assert.Equal("reply_received", stored.Entry.EventType);
    }

    [Fact]
    public async Task AnAppHostOnTheSameSqliteInbox_FailsToStart_AndTheRunningReceiverKeepsStoring()
    {
        // What AddKeywardWebhooks gives an ASP.NET Core app: a second receiver on one SQLite file stops at start.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddKeywardWebhooks(_ => WebhookInboxes.Open($"sqlite:{Path.Combine(_directory.Path, "webhooks.db")}"));
        await using var app = builder.Build();
        app.MapKeywardWebhooks([new WebhookEndpoint("instantly", "/webhooks/instantly", Verifier("header-secret", Header), WebhookVendor.Instantly)]);

        var refused = await Assert.ThrowsAsync<IOException>(() => app.StartAsync());

        Assert.Contains("webhooks.db.receiver.lock", refused.Message, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, """{"status":"stored"}"""), await PostAsync("/webhooks/instantly", InstantlyEvent("email_sent"), (Header, Secret.Reveal())));
    }

    [Fact]
    public async Task AFloodOfRejections_WritesOneAuditRecordPerReasonAMinute_CountingTheRest_AndTheLastCountAtShutdown()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-30T12:00:00Z", CultureInfo.InvariantCulture));
        var audit = new CollectingAuditSink();
        using var log = new StringWriter();
        var inbox = WebhookInboxes.Open($"sqlite:{Path.Combine(_directory.Path, "flood.db")}"); // the server disposes it
        var server = await WebhookServer.StartAsync(new WebhookServerOptions
        {
            Inbox = inbox,
            Audit = audit,
            Log = log,
            TimeProvider = time,
            Endpoints = [new WebhookEndpoint("instantly", "/webhooks/instantly", Verifier("header-secret", Header), WebhookVendor.Instantly)],
        });
        var statuses = new List<HttpStatusCode>();
        await using (server)
        {
            for (var i = 0; i < 30; i++)
            {
                statuses.Add((await PostAsync(server, "/webhooks/instantly", InstantlyEvent("email_sent"), (Header, $"guess-{i}"))).Status);
            }

            statuses.Add((await PostAsync(server, "/webhooks/instantly", InstantlyEvent("email_sent"))).Status);
            Assert.Equal(2, audit.Records.Count);
            time.Advance(TimeSpan.FromSeconds(61));
            for (var i = 0; i < 6; i++)
            {
                statuses.Add((await PostAsync(server, "/webhooks/instantly", InstantlyEvent("email_sent"), (Header, $"guess-{i}"))).Status);
            }

            Assert.Equal(HttpStatusCode.OK, (await PostAsync(server, "/webhooks/instantly", InstantlyEvent("email_sent"), (Header, Secret.Reveal()))).Status);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Collection(
            audit.Records,
            r => Assert.False(r.Metadata!.ContainsKey("suppressed")),
            r => Assert.StartsWith("missing_header", r.Reason, StringComparison.Ordinal),
            r => Assert.Equal(("bad_secret", "29"), (r.Reason![..10], r.Metadata!["suppressed"])),
            r => Assert.Equal(("webhook senders", "5"), (r.Actor, r.Metadata!["suppressed"])));
        Assert.All(audit.Records, r => Assert.Equal("webhook.rejected", r.Action));
        Assert.Equal(
            [
                "keyward webhooks: warning: webhook instantly (/webhooks/instantly) answered 401 to 127.0.0.1: bad_secret",
                "keyward webhooks: warning: webhook instantly (/webhooks/instantly) answered 401 to 127.0.0.1: missing_header",
                "keyward webhooks: warning: webhook instantly (/webhooks/instantly) answered 401 to 127.0.0.1: bad_secret; 29 more like it since the previous report",
                "keyward webhooks: warning: webhook instantly (/webhooks/instantly) answered 5 more deliveries like the last reported (bad_secret) before it stopped",
            ],
            Lines(log));
    }

    private static string[] Lines(StringWriter log) => log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    private static IWebhookVerifier Verifier(string scheme, string? header, SecretValue? secret = null) =>
        WebhookVerifiers.Create(new WebhookVerifyOptions { Scheme = scheme, Header = header, Secrets = [secret ?? Secret] });

    private static string InstantlyEvent(string type, string padding = "") =>
        $$"""{"event_type":"{{type}}","timestamp":"2026-11-30T12:00:00.000Z","workspace":"ws-1","campaign_id":"c-1","campaign_name":"Q1","note":"{{padding}}"}""";

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    private Task<(HttpStatusCode Status, string Body)> PostAsync(string path, string body, params (string Name, string Value)[] headers) =>
        PostAsync(_server, path, body, headers);

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(WebhookServer server, string path, string body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseUrl, path)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }

    private sealed class FailingHandler : IWebhookHandler
    {
        public Task HandleAsync(InboxEvent webhookEvent, CancellationToken cancellationToken) =>
            throw new HttpRequestException("the CRM answered 500");
    }
}
