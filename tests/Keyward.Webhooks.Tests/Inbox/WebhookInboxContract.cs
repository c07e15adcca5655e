using System.Text;
using Keyward.Testing;
using Keyward.Webhooks.Inbox;

namespace Keyward.Webhooks.Tests.Inbox;

/// <summary>The behaviour every inbox must have; one subclass per backend runs it against a real, fresh database.</summary>
public abstract class WebhookInboxContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly List<IWebhookInbox> _opened = [];

    /// <summary>Gets the location of this test's fresh, empty store, for <see cref="WebhookInboxes.Open"/>.</summary>
    protected abstract string Location { get; }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var inbox in _opened)
        {
            await inbox.DisposeAsync();
        }
    }

    [Fact]
    public async Task Add_ThenList_ReturnsItPendingAndDueNow()
    {
        var inbox = Open();
        var entry = Entry("evt-1", "reply_received", """{"event_type":"reply_received"}""");

        Assert.True(await inbox.AddAsync(entry));

        var listed = Assert.Single(await inbox.ListAsync());
        Assert.True(listed.Id > 0);
        Assert.Equal(entry.Source, listed.Entry.Source);
        Assert.Equal(entry.IdempotencyKey, listed.Entry.IdempotencyKey);
        Assert.Equal(entry.EventType, listed.Entry.EventType);
        Assert.Equal(entry.Payload.ToArray(), listed.Entry.Payload.ToArray());
        Assert.Equal(entry.ReceivedAt, listed.Entry.ReceivedAt);
        Assert.Equal(InboxState.Pending, listed.State);
        Assert.Equal(0, listed.Attempts);
        Assert.Equal(Start, listed.NextAttemptAt);
        Assert.Null(listed.LastError);
    }

    [Fact]
    public async Task Add_Duplicate_ReturnsFalseAndStoresOnce()
    {
        var inbox = Open();

        Assert.True(await inbox.AddAsync(Entry("evt-1")));
        Assert.False(await inbox.AddAsync(Entry("evt-1", payload: "a different body")));

        // The same key from another source is a different delivery.
        Assert.True(await inbox.AddAsync(Entry("evt-1") with { Source = "salesloft" }));
        var stored = await inbox.ListAsync();
        Assert.Equal(2, stored.Count);
        Assert.Equal("{}", Encoding.UTF8.GetString(stored.Single(e => e.Entry.Source == "instantly").Entry.Payload.Span));
    }

    [Fact]
    public async Task Add_FiftyConcurrentOfOneKey_StoresOnceAndTellsOneCallerStored()
    {
        var inbox = Open();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => inbox.AddAsync(Entry("evt-retried")).AsTask()));

        Assert.Equal(1, results.Count(stored => stored));
        Assert.Single(await inbox.ListAsync());
    }

    [Fact]
    public async Task Add_TwoHundredConcurrentDistinct_AllStoredInFewerCommits()
    {
        var inbox = Open();

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => inbox.AddAsync(Entry($"evt-{i}")).AsTask()));

        Assert.All(results, Assert.True);
        Assert.Equal(200, (await inbox.ListAsync(limit: 1000)).Select(e => e.Entry.IdempotencyKey).Distinct().Count());

        // Group commit: the adds queued while the first commit was on disk share the next one.
        Assert.InRange(Batches(inbox), 1, 100);
    }

    [Fact]
    public async Task Claim_TakesDueEventsOldestFirstUpToMax()
    {
        var inbox = Open();
        for (var i = 0; i < 5; i++)
        {
            await inbox.AddAsync(Entry($"evt-{i}") with { ReceivedAt = Start.AddSeconds(i) });
        }

        var first = await inbox.ClaimAsync(3, Lease);
        var second = await inbox.ClaimAsync(3, Lease);

        Assert.Equal(["evt-0", "evt-1", "evt-2"], first.Select(e => e.Entry.IdempotencyKey));
        Assert.Equal(["evt-3", "evt-4"], second.Select(e => e.Entry.IdempotencyKey));
        Assert.Empty(await inbox.ClaimAsync(3, Lease));
    }

    [Fact]
    public async Task Claim_WithSources_TakesOnlyTheirEvents_AndLeavesTheRestPending()
    {
        var inbox = Open();
        await inbox.AddAsync(Entry("evt-1"));
        await inbox.AddAsync(Entry("evt-2") with { Source = "salesloft" });
        await inbox.AddAsync(Entry("evt-3") with { Source = "crm's \"odd\" name" });

        var salesloft = await inbox.ClaimAsync(10, Lease, ["salesloft", "nobody"]);
        var odd = await inbox.ClaimAsync(10, Lease, ["crm's \"odd\" name"]);
        var none = await inbox.ClaimAsync(10, Lease, []);

        Assert.Equal("evt-2", Assert.Single(salesloft).Entry.IdempotencyKey);
        Assert.Equal("evt-3", Assert.Single(odd).Entry.IdempotencyKey);
        Assert.Empty(none);
        Assert.Equal("evt-1", Assert.Single(await inbox.ClaimAsync(10, Lease)).Entry.IdempotencyKey);
    }

    [Fact]
    public async Task Claim_WhileLeased_GetsNothing_AfterTheLeaseEnds_GetsItAgain()
    {
        var inbox = Open();
        await inbox.AddAsync(Entry("evt-1"));
        var claimed = Assert.Single(await inbox.ClaimAsync(10, Lease));

        _clock.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Empty(await inbox.ClaimAsync(10, Lease));

        // The dispatcher holding it died: once the lease ends, another one gets it.
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(claimed.Id, Assert.Single(await inbox.ClaimAsync(10, Lease)).Id);
    }

    [Fact]
    public async Task Claim_RespectsTheRetryTime()
    {
        var inbox = Open();
        await inbox.AddAsync(Entry("evt-1"));
        var claimed = Assert.Single(await inbox.ClaimAsync(10, Lease));

        await inbox.FailAsync(claimed, "HTTP 500 from the handler", Start.AddMinutes(1));

        Assert.Empty(await inbox.ClaimAsync(10, Lease));
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(await inbox.ClaimAsync(10, Lease));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(claimed.Id, Assert.Single(await inbox.ClaimAsync(10, Lease)).Id);
    }

    [Fact]
    public async Task Complete_MarksItDelivered_CountingTheAttempt_AndItIsNotClaimedAgain()
    {
        var inbox = Open();
        await inbox.AddAsync(Entry("evt-1"));
        var claimed = Assert.Single(await inbox.ClaimAsync(10, Lease));

        await inbox.CompleteAsync(claimed);
        _clock.Advance(Lease * 2);

        Assert.Empty(await inbox.ClaimAsync(10, Lease));
        var delivered = Assert.Single(await inbox.ListAsync(InboxState.Delivered));
        Assert.Equal((claimed.Id, 1), (delivered.Id, delivered.Attempts));
        Assert.Null(delivered.NextAttemptAt);
        Assert.Empty(await inbox.ListAsync(InboxState.Pending));
    }

    [Fact]
    public async Task Fail_WithRetry_CountsTheAttemptKeepsTheReasonAndClearsTheLease()
    {
        var inbox = Open();
        await inbox.AddAsync(Entry("evt-1"));
        var claimed = Assert.Single(await inbox.ClaimAsync(10, Lease));

        await inbox.FailAsync(claimed, "handler timed out", Start);

        // Cleared lease: due now, so claimable at once even though the first lease had minutes left.
        var again = Assert.Single(await inbox.ClaimAsync(10, Lease));
        Assert.Equal(InboxState.Pending, again.State);
        Assert.Equal(1, again.Attempts);
        Assert.Equal("handler timed out", again.LastError);
        Assert.Equal(Start, again.NextAttemptAt);
    }

    [Fact]
    public async Task Fail_WithoutRetry_DeadLetters_AndReplayMakesItPendingAndDueNow()
    {
        var inbox = Open();
        await inbox.AddAsync(Entry("evt-1"));
        var claimed = Assert.Single(await inbox.ClaimAsync(10, Lease));
        await inbox.FailAsync(claimed, "HTTP 500", Start.AddMinutes(1));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = Assert.Single(await inbox.ClaimAsync(10, Lease));

        Assert.True(await inbox.FailAsync(second, "HTTP 500 again", retryAt: null));

        var dead = Assert.Single(await inbox.ListAsync(InboxState.DeadLettered));
        Assert.Equal(2, dead.Attempts);
        Assert.Equal("HTTP 500 again", dead.LastError);
        Assert.Null(dead.NextAttemptAt);
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await inbox.ClaimAsync(10, Lease));

        Assert.True(await inbox.ReplayAsync(claimed.Id));

        // A replay gets every attempt again (with the old count it would be dead-lettered after one), and keeps the
        // last error for whoever looks next.
        var replayed = Assert.Single(await inbox.ClaimAsync(10, Lease));
        Assert.Equal(claimed.Id, replayed.Id);
        Assert.Equal(InboxState.Pending, replayed.State);
        Assert.Equal(0, replayed.Attempts);
        Assert.Equal("HTTP 500 again", replayed.LastError);
        Assert.Equal(Start.AddDays(1).AddMinutes(1), replayed.NextAttemptAt);
        Assert.Empty(await inbox.ListAsync(InboxState.DeadLettered));
    }

    [Fact]
    public async Task CompleteAndFail_AfterTheClaimRanOutAndWentToAnotherDispatcher_ChangeNothing()
    {
        var inbox = Open();
        await inbox.AddAsync(Entry("evt-1"));
        var stalled = Assert.Single(await inbox.ClaimAsync(10, Lease));
        _clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var other = Assert.Single(await inbox.ClaimAsync(10, Lease));

        // The stalled dispatcher wakes up: it must not mark delivered, re-queue or dead-letter the other's event.
        Assert.False(await inbox.CompleteAsync(stalled));
        Assert.False(await inbox.FailAsync(stalled, "HTTP 500", retryAt: null));
        Assert.Null(await inbox.RenewAsync(stalled, Lease));

        var listed = Assert.Single(await inbox.ListAsync());
        Assert.Equal((InboxState.Pending, 0, other.ClaimedUntil), (listed.State, listed.Attempts, listed.ClaimedUntil));
        Assert.True(await inbox.CompleteAsync(other));
        Assert.Equal(InboxState.Delivered, Assert.Single(await inbox.ListAsync()).State);
        Assert.False(await inbox.CompleteAsync(other));
    }

    [Fact]
    public async Task Release_GivesTheEventBackAtOnce_WithNoAttemptCounted_AndAStaleClaimCannotReleaseAnothers()
    {
        var inbox = Open();
        await inbox.AddAsync(Entry("evt-1"));
        var stopping = Assert.Single(await inbox.ClaimAsync(10, Lease));

        Assert.True(await inbox.ReleaseAsync(stopping));
        _clock.Advance(TimeSpan.FromSeconds(1)); // a claim is told apart by its end, which moves with the clock
        var next = Assert.Single(await inbox.ClaimAsync(10, Lease)); // well before the first lease would have ended

        Assert.Equal((stopping.Id, 0), (next.Id, next.Attempts));
        Assert.False(await inbox.ReleaseAsync(stopping));
        Assert.Empty(await inbox.ClaimAsync(10, Lease)); // the new holder keeps it
        Assert.True(await inbox.CompleteAsync(next));
        Assert.False(await inbox.ReleaseAsync(next));
        Assert.Equal((InboxState.Delivered, 1), (Assert.Single(await inbox.ListAsync()).State, Assert.Single(await inbox.ListAsync()).Attempts));
    }

    [Fact]
    public async Task Complete_AfterTheClaimRanOutButNobodyElseClaimedIt_Succeeds()
    {
        var inbox = Open();
        await inbox.AddAsync(Entry("evt-1"));
        var slow = Assert.Single(await inbox.ClaimAsync(10, Lease));
        _clock.Advance(Lease * 2);

        Assert.True(await inbox.CompleteAsync(slow));

        Assert.Equal(InboxState.Delivered, Assert.Single(await inbox.ListAsync()).State);
    }

    [Fact]
    public async Task Renew_ExtendsTheClaimFromNow_AndOnlyTheRenewedClaimCountsAfterwards()
    {
        var inbox = Open();
        await inbox.AddAsync(Entry("evt-1"));
        var claimed = Assert.Single(await inbox.ClaimAsync(10, Lease));
        Assert.Equal(Start + Lease, claimed.ClaimedUntil);
        _clock.Advance(Lease - TimeSpan.FromSeconds(1));

        var renewed = await inbox.RenewAsync(claimed, Lease);

        Assert.NotNull(renewed);
        Assert.Equal(_clock.GetUtcNow() + Lease, renewed.ClaimedUntil);
        Assert.Equal(claimed.Entry.Payload.ToArray(), renewed.Entry.Payload.ToArray());
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(await inbox.ClaimAsync(10, Lease));
        Assert.False(await inbox.CompleteAsync(claimed));
        Assert.True(await inbox.CompleteAsync(renewed));
    }

    [Fact]
    public async Task Replay_OfAClaimedEvent_EndsTheClaim_SoItsHolderCannotCompleteIt()
    {
        var inbox = Open();
        await inbox.AddAsync(Entry("evt-1"));
        var claimed = Assert.Single(await inbox.ClaimAsync(10, Lease));

        Assert.True(await inbox.ReplayAsync(claimed.Id));

        Assert.False(await inbox.CompleteAsync(claimed));
        Assert.Equal(claimed.Id, Assert.Single(await inbox.ClaimAsync(10, Lease)).Id);
    }

    [Fact]
    public async Task Complete_OfAnEventThatWasNeverClaimed_IsRefusedWithAMessage()
    {
        var inbox = Open();
        await inbox.AddAsync(Entry("evt-1"));
        var listed = Assert.Single(await inbox.ListAsync());

        var error = await Assert.ThrowsAsync<ArgumentException>(() => inbox.CompleteAsync(listed));

        Assert.Contains("not claimed", error.Message, StringComparison.Ordinal);
        Assert.Equal(InboxState.Pending, Assert.Single(await inbox.ListAsync()).State);
    }

    [Fact]
    public async Task Replay_WhileLeased_ClearsTheLease_AndADeliveredEventComesBack()
    {
        var inbox = Open();
        await inbox.AddAsync(Entry("evt-1"));
        var claimed = Assert.Single(await inbox.ClaimAsync(10, Lease));
        await inbox.CompleteAsync(claimed);

        Assert.True(await inbox.ReplayAsync(claimed.Id));

        Assert.Equal(claimed.Id, Assert.Single(await inbox.ClaimAsync(10, Lease)).Id);
        Assert.True(await inbox.ReplayAsync(claimed.Id));
        Assert.Equal(claimed.Id, Assert.Single(await inbox.ClaimAsync(10, Lease)).Id);
    }

    [Fact]
    public async Task PruneDelivered_DeletesOnlyDeliveredEventsReceivedBeforeTheCutoff_AndForgetsTheirKeys()
    {
        var inbox = Open();
        var old = Start.AddHours(-3);
        foreach (var key in new[] { "old-pending", "old-delivered", "old-dead", "new-delivered" })
        {
            Assert.True(await inbox.AddAsync(Entry(key) with { ReceivedAt = key.StartsWith("old", StringComparison.Ordinal) ? old : Start }));
        }

        foreach (var claimed in await inbox.ClaimAsync(10, Lease))
        {
            switch (claimed.Entry.IdempotencyKey)
            {
                case "old-delivered" or "new-delivered":
                    await inbox.CompleteAsync(claimed);
                    break;
                case "old-dead":
                    await inbox.FailAsync(claimed, "HTTP 500", retryAt: null);
                    break;
                default:
                    await inbox.FailAsync(claimed, "HTTP 503", Start.AddMinutes(5));
                    break;
            }
        }

        Assert.Equal(1, await inbox.PruneDeliveredAsync(Start.AddHours(-1)));

        Assert.Equal(
            ["new-delivered", "old-dead", "old-pending"],
            (await inbox.ListAsync()).Select(e => e.Entry.IdempotencyKey).Order(StringComparer.Ordinal));
        Assert.Equal(0, await inbox.PruneDeliveredAsync(Start.AddHours(-1)));

        // The deleted event's key is forgotten, so a (very late) redelivery is a new event; the kept ones still dedup.
        Assert.True(await inbox.AddAsync(Entry("old-delivered")));
        Assert.False(await inbox.AddAsync(Entry("old-pending")));
        Assert.False(await inbox.AddAsync(Entry("new-delivered")));
    }

    [Fact]
    public async Task PruneDelivered_OverManySteps_DeletesEveryOldDeliveredEvent_AndStopsAtTheFirstNewOne()
    {
        var inbox = Open();
        var count = 1500; // more than one step of 1000 rows
        Assert.True(await inbox.AddAsync(Entry("stuck") with { ReceivedAt = Start.AddDays(-9) }));
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => inbox.AddAsync(Entry($"evt-{i}") with { ReceivedAt = Start.AddDays(-2) }).AsTask()));
        Assert.True(await inbox.AddAsync(Entry("recent")));
        var stuck = Assert.Single(await inbox.ClaimAsync(1, Lease));
        await inbox.FailAsync(stuck, "HTTP 500", retryAt: null);
        IReadOnlyList<InboxEvent> batch;
        while ((batch = await inbox.ClaimAsync(500, Lease)).Count > 0)
        {
            foreach (var claimed in batch)
            {
                await inbox.CompleteAsync(claimed);
            }
        }

        Assert.Equal(count, await inbox.PruneDeliveredAsync(Start.AddDays(-1)));

        Assert.Equal(["recent", "stuck"], (await inbox.ListAsync()).Select(e => e.Entry.IdempotencyKey));
    }

    [Fact]
    public async Task Replay_UnknownId_ReturnsFalse()
    {
        var inbox = Open();

        Assert.False(await inbox.ReplayAsync(12345));
    }

    [Fact]
    public async Task List_FiltersByState_NewestFirst_UpToTheLimit()
    {
        var inbox = Open();
        for (var i = 0; i < 4; i++)
        {
            await inbox.AddAsync(Entry($"evt-{i}"));
        }

        var claimed = await inbox.ClaimAsync(1, Lease);
        await inbox.FailAsync(claimed[0], "bad payload", retryAt: null);

        Assert.Equal(["evt-3", "evt-2"], (await inbox.ListAsync(limit: 2)).Select(e => e.Entry.IdempotencyKey));
        Assert.Equal(["evt-3", "evt-2", "evt-1"], (await inbox.ListAsync(InboxState.Pending)).Select(e => e.Entry.IdempotencyKey));
        Assert.Equal("evt-0", Assert.Single(await inbox.ListAsync(InboxState.DeadLettered)).Entry.IdempotencyKey);
        Assert.Empty(await inbox.ListAsync(limit: 0));
    }

    [Fact]
    public async Task TwoConcurrentClaimers_NeverReceiveTheSameEvent()
    {
        // Two inboxes on one store, as two dispatcher processes would have.
        var first = Open();
        var second = Open();
        for (var round = 0; round < 15; round++)
        {
            var added = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => first.AddAsync(Entry($"round-{round}-{i}")).AsTask()));
            Assert.All(added, Assert.True);

            var claims = await Task.WhenAll(Task.Run(() => DrainAsync(first)), Task.Run(() => DrainAsync(second)));

            Assert.Empty(claims[0].Select(e => e.Id).Intersect(claims[1].Select(e => e.Id)));
            Assert.Equal(30, claims[0].Count + claims[1].Count);
            foreach (var claimed in claims.SelectMany(c => c))
            {
                Assert.True(await first.CompleteAsync(claimed));
            }
        }

        Assert.Equal(450, (await first.ListAsync(InboxState.Delivered, limit: 1000)).Count);

        static async Task<List<InboxEvent>> DrainAsync(IWebhookInbox inbox)
        {
            var events = new List<InboxEvent>();
            while (await inbox.ClaimAsync(2, Lease) is { Count: > 0 } claimed)
            {
                events.AddRange(claimed);
            }

            return events;
        }
    }

    [Fact]
    public async Task Reopen_KeepsEveryEventAndItsState()
    {
        var inbox = Open();
        await inbox.AddAsync(Entry("evt-1"));
        await inbox.AddAsync(Entry("evt-2"));
        var claimed = await inbox.ClaimAsync(1, Lease);
        await inbox.FailAsync(claimed[0], "HTTP 503", retryAt: null);
        await inbox.DisposeAsync();
        _opened.Remove(inbox);

        var reopened = Open();

        Assert.Equal(["evt-2", "evt-1"], (await reopened.ListAsync()).Select(e => e.Entry.IdempotencyKey));
        Assert.Equal("HTTP 503", Assert.Single(await reopened.ListAsync(InboxState.DeadLettered)).LastError);
        Assert.False(await reopened.AddAsync(Entry("evt-1")));
    }

    [Fact]
    public async Task Payload_ArbitraryBytes_RoundTripExactly()
    {
        var inbox = Open();

        // Every byte value, invalid UTF-8 and NULs included, then random bytes; and an empty body.
        var every = Enumerable.Range(0, 256).Select(b => (byte)b).Concat(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4096)).ToArray();
        await inbox.AddAsync(Entry("evt-bytes") with { Payload = every });
        await inbox.AddAsync(Entry("evt-empty") with { Payload = ReadOnlyMemory<byte>.Empty });

        var listed = await inbox.ListAsync();
        Assert.Equal(every, listed.Single(e => e.Entry.IdempotencyKey == "evt-bytes").Entry.Payload.ToArray());
        Assert.Empty(listed.Single(e => e.Entry.IdempotencyKey == "evt-empty").Entry.Payload.ToArray());
        var claimed = await inbox.ClaimAsync(10, Lease);
        Assert.Equal(every, claimed.Single(e => e.Entry.IdempotencyKey == "evt-bytes").Entry.Payload.ToArray());
    }

    [Fact]
    public async Task Add_AfterDispose_Throws_NamingTheInbox()
    {
        var inbox = Open();
        await inbox.DisposeAsync();
        _opened.Remove(inbox);

        var refused = await Assert.ThrowsAsync<ObjectDisposedException>(async () => await inbox.AddAsync(Entry("evt-1")));
        Assert.Equal(inbox.GetType().FullName, refused.ObjectName);
    }

    [Fact]
    public async Task Add_WhenStorageFails_FailsTheCallers_AndLaterAddsWorkAgain()
    {
        var inbox = Open();
        await inbox.AddAsync(Entry("evt-0"));
        await ExecuteAsync("ALTER TABLE webhook_inbox RENAME TO webhook_inbox_away");

        var failed = await Task.WhenAll(Enumerable.Range(1, 5).Select(i => Record(inbox.AddAsync(Entry($"evt-{i}")).AsTask())));

        Assert.All(failed, e => Assert.NotNull(e));
        await ExecuteAsync("ALTER TABLE webhook_inbox_away RENAME TO webhook_inbox");
        Assert.True(await inbox.AddAsync(Entry("evt-6")));

        // A failed write stored nothing, so the sender's retry of it is a new event, not a duplicate.
        Assert.True(await inbox.AddAsync(Entry("evt-1")));
        Assert.Equal(["evt-1", "evt-6", "evt-0"], (await inbox.ListAsync()).Select(e => e.Entry.IdempotencyKey));

        static async Task<Exception?> Record(Task task)
        {
            try
            {
                await task;
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }
    }

    /// <summary>Gets how many add batches the inbox committed (an internal counter of each backend).</summary>
    protected abstract int Batches(IWebhookInbox inbox);

    /// <summary>Runs SQL directly against the store, as a database admin would.</summary>
    protected abstract Task ExecuteAsync(string sql);

    private static InboxEntry Entry(string key, string type = "reply_received", string payload = "{}") =>
        new("instantly", key, type, Encoding.UTF8.GetBytes(payload), Start);

    private IWebhookInbox Open()
    {
        var inbox = WebhookInboxes.Open(Location, _clock);
        _opened.Add(inbox);
        return inbox;
    }
}
