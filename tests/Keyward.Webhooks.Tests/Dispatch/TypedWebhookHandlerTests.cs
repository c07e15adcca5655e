using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Keyward.Tests.Shared;
using Keyward.Webhooks.Dispatch;
using Keyward.Webhooks.Inbox;
using Keyward.Webhooks.Receiver;
using Microsoft.Extensions.DependencyInjection;

namespace Keyward.Webhooks.Tests.Dispatch;

public sealed partial class TypedWebhookHandlerTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task StoredEvents_ReachTheTypedHandlerFromDi_EachInItsOwnScope_CustomLabelsMarked_AndABadPayloadIsRetriedNotLost()
    {
        var services = new ServiceCollection();
        var seen = new ConcurrentQueue<(InstantlyWebhookEvent Payload, long Id, int Scope)>();
        services.AddSingleton(seen);
        services.AddScoped<ScopeMarker>();
        services.AddScoped<IWebhookHandler<InstantlyWebhookEvent>, RecordingHandler>();
        await using var provider = services.BuildServiceProvider();
        await using var inbox = WebhookInboxes.Open($"sqlite:{Path.Combine(_directory.Path, "webhooks.db")}");
        using var metrics = new WebhookMetrics();
        var dispatcher = new WebhookDispatcher(inbox, new TypedWebhookHandler<InstantlyWebhookEvent>(provider), new WebhookDispatcherOptions { BaseDelay = TimeSpan.Zero }, metrics, TimeProvider.System);
        await inbox.AddAsync(Entry("a", """{"event_type":"reply_received","timestamp":"t","workspace":"ws","lead_email":"jane@prospect.example","step":2,"custom_score":"91"}"""));
        await inbox.AddAsync(Entry("b", """{"event_type":"email_sent","timestamp":"t","workspace":"ws"}"""));
        await inbox.AddAsync(Entry("c", """["not", "an", "object"]"""));
        await inbox.AddAsync(Entry("d", """{"event_type":"Hot lead - call today","timestamp":"t","workspace":"ws"}"""));
        await inbox.AddAsync(Entry("e", """{"event_type":"link_clicked","timestamp":"t","workspace":"ws"}"""));

        await dispatcher.DispatchOnceAsync();

        Assert.Equal(4, seen.Count);
        Assert.Equal(["Hot lead - call today"], seen.Where(s => s.Payload.IsCustomLabel).Select(s => s.Payload.EventType));
        var reply = seen.Single(s => s.Payload.EventType == "reply_received");
        Assert.Equal("jane@prospect.example", reply.Payload.LeadEmail);
        Assert.Equal(2, reply.Payload.Step);
        Assert.Equal("91", reply.Payload.Extra!["custom_score"].GetString());
        Assert.Equal(4, seen.Select(s => s.Scope).Distinct().Count());
        var failed = Assert.Single(await inbox.ListAsync(InboxState.Pending));
        Assert.Equal("c", failed.Entry.IdempotencyKey);
        Assert.Equal(1, failed.Attempts);
    }

    [Fact]
    public async Task WithSourceGeneratedMetadata_PayloadsAreReadWithoutReflection_AndABadPayloadIsRetried()
    {
        var services = new ServiceCollection();
        var seen = new ConcurrentQueue<ReplyPayload>();
        services.AddSingleton(seen);
        services.AddScoped<IWebhookHandler<ReplyPayload>, ReplyHandler>();
        await using var provider = services.BuildServiceProvider();
        await using var inbox = WebhookInboxes.Open($"sqlite:{Path.Combine(_directory.Path, "webhooks.db")}");
        using var metrics = new WebhookMetrics();
        var handler = new TypedWebhookHandler<ReplyPayload>(provider, PayloadJsonContext.Default.ReplyPayload);
        var dispatcher = new WebhookDispatcher(inbox, handler, new WebhookDispatcherOptions { BaseDelay = TimeSpan.Zero }, metrics, TimeProvider.System);
        await inbox.AddAsync(Entry("a", """{"event_type":"reply_received","lead_email":"jane@prospect.example","step":"2","custom_score":"91"}"""));
        await inbox.AddAsync(Entry("b", """{"step":1}"""));
        await inbox.AddAsync(Entry("c", """["not", "an", "object"]"""));

        await dispatcher.DispatchOnceAsync();

        Assert.Equal(2, seen.Count);
        var reply = seen.Single(p => p.EventType == "reply_received");
        Assert.Equal("jane@prospect.example", reply.LeadEmail);
        Assert.Equal(2, reply.Step);
        Assert.Equal("91", reply.Extra!["custom_score"].GetString());
        Assert.Equal(string.Empty, seen.Single(p => p.Step == 1).EventType);
        Assert.Equal("c", Assert.Single(await inbox.ListAsync(InboxState.Pending)).Entry.IdempotencyKey);
    }

    private static InboxEntry Entry(string key, string json) => new("instantly", key, "event", Encoding.UTF8.GetBytes(json), DateTimeOffset.UtcNow);

    private sealed class ScopeMarker
    {
        private static int _next;

        public int Id { get; } = Interlocked.Increment(ref _next);
    }

    private sealed class RecordingHandler(ConcurrentQueue<(InstantlyWebhookEvent, long, int)> seen, ScopeMarker scope) : IWebhookHandler<InstantlyWebhookEvent>
    {
        public Task HandleAsync(InstantlyWebhookEvent payload, InboxEvent stored, CancellationToken cancellationToken)
        {
            seen.Enqueue((payload, stored.Id, scope.Id));
            return Task.CompletedTask;
        }
    }

    private sealed class ReplyHandler(ConcurrentQueue<ReplyPayload> seen) : IWebhookHandler<ReplyPayload>
    {
        public Task HandleAsync(ReplyPayload payload, InboxEvent stored, CancellationToken cancellationToken)
        {
            seen.Enqueue(payload);
            return Task.CompletedTask;
        }
    }

    // An app's own payload type, with settable properties as the JSON source generator needs, and its context.
    private sealed class ReplyPayload
    {
        public string EventType { get; set; } = string.Empty;

        public string? LeadEmail { get; set; }

        public int? Step { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Extra { get; set; }
    }

    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
    [JsonSerializable(typeof(ReplyPayload))]
    private sealed partial class PayloadJsonContext : JsonSerializerContext;
}
