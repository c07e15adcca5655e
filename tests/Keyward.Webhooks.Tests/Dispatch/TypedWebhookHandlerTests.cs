using System.Collections.Concurrent;
using System.Text;
using Keyward.Tests.Shared;
using Keyward.Webhooks.Dispatch;
using Keyward.Webhooks.Inbox;
using Keyward.Webhooks.Receiver;
using Microsoft.Extensions.DependencyInjection;

namespace Keyward.Webhooks.Tests.Dispatch;

public sealed class TypedWebhookHandlerTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task StoredEvents_ReachTheTypedHandlerFromDi_EachInItsOwnScope_AndABadPayloadIsRetriedNotLost()
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

        await dispatcher.DispatchOnceAsync();

        Assert.Equal(2, seen.Count);
        var reply = seen.Single(s => s.Payload.EventType == "reply_received");
        Assert.Equal("jane@prospect.example", reply.Payload.LeadEmail);
        Assert.Equal(2, reply.Payload.Step);
        Assert.Equal("91", reply.Payload.Extra!["custom_score"].GetString());
        Assert.Equal(2, seen.Select(s => s.Scope).Distinct().Count());
        var failed = Assert.Single(await inbox.ListAsync(InboxState.Pending));
        Assert.Equal("c", failed.Entry.IdempotencyKey);
        Assert.Equal(1, failed.Attempts);
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
}
