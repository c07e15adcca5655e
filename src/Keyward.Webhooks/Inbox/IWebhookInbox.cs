namespace Keyward.Webhooks.Inbox;

/// <summary>The durable store between the receiver and the dispatcher: a delivery is acknowledged only once it is
/// here, and each stored event is handed to one dispatcher at a time.</summary>
/// <remarks>
/// Backends: SQLite (embedded default) and PostgreSQL (several receivers and dispatchers share it; claims use
/// <c>FOR UPDATE SKIP LOCKED</c>). Both pass one contract test suite. Implementations are thread-safe; concurrent
/// <see cref="AddAsync"/> calls are group-committed so durability does not cost throughput.
/// </remarks>
public interface IWebhookInbox : IAsyncDisposable
{
    /// <summary>Makes this instance ready to add deliveries, before the first one arrives. An inbox that only one
    /// receiver may add to (<see cref="SqliteWebhookInbox"/>) takes that role here, so a second receiver fails when it
    /// starts rather than answering 503 to every delivery; a shared one (<see cref="PostgresWebhookInbox"/>) has nothing
    /// to do. <c>AddKeywardWebhooks</c> calls it when the host starts; an inbox not started this way starts at its first
    /// add.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the inbox can add.</returns>
    /// <exception cref="IOException">Another receiver holds an inbox that takes only one.</exception>
    Task StartReceivingAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a delivery durably (committed to disk or to the database) before returning.</summary>
    /// <param name="entry">The delivery.</param>
    /// <param name="cancellationToken">Cancels the wait, not the write once it started.</param>
    /// <returns>True when stored; false when an entry with the same source and idempotency key already exists.</returns>
    ValueTask<bool> AddAsync(InboxEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Claims up to <paramref name="max"/> pending events that are due, for <paramref name="lease"/>: no
    /// other claimer gets them until the lease ends (a dispatcher that dies releases its events this way).</summary>
    /// <param name="max">The most events to claim.</param>
    /// <param name="lease">How long the claim holds.</param>
    /// <param name="sources">Only events received on these endpoints (their source names), or null for every source:
    /// a dispatcher that handles some endpoints leaves the others' events pending for whoever handles them.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The claimed events, oldest first.</returns>
    Task<IReadOnlyList<InboxEvent>> ClaimAsync(int max, TimeSpan lease, IReadOnlyCollection<string>? sources = null, CancellationToken cancellationToken = default);

    /// <summary>Extends the claim on an event, for a dispatcher whose batch takes long enough that the claim would run
    /// out before it reaches the event.</summary>
    /// <param name="claimed">The event, as <see cref="ClaimAsync"/> (or an earlier renewal) returned it.</param>
    /// <param name="lease">How long the renewed claim holds, from now.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The event under its renewed claim, or null when the claim is lost: it ran out and another dispatcher
    /// claimed the event, or the event was replayed. A dispatcher must then leave the event alone.</returns>
    Task<InboxEvent?> RenewAsync(InboxEvent claimed, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Marks a claimed event delivered, counting the attempt, if it is still under the dispatcher's claim.</summary>
    /// <param name="claimed">The event, as <see cref="ClaimAsync"/> or <see cref="RenewAsync"/> returned it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True once the mark is durable; false when the claim was lost and nothing changed.</returns>
    Task<bool> CompleteAsync(InboxEvent claimed, CancellationToken cancellationToken = default);

    /// <summary>Gives a claimed event back untouched, no attempt counted, if it is still under the dispatcher's claim:
    /// any dispatcher may claim it again at once. A dispatcher that stops releases the events it claimed and did not
    /// start, rather than hold them until its lease ends.</summary>
    /// <param name="claimed">The event, as <see cref="ClaimAsync"/> or <see cref="RenewAsync"/> returned it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True once the release is durable; false when the claim was lost and nothing changed.</returns>
    Task<bool> ReleaseAsync(InboxEvent claimed, CancellationToken cancellationToken = default);

    /// <summary>Records a failed attempt, if the event is still under the dispatcher's claim: the event is due again at
    /// <paramref name="retryAt"/>, or dead-lettered when that is null.</summary>
    /// <param name="claimed">The event, as <see cref="ClaimAsync"/> or <see cref="RenewAsync"/> returned it.</param>
    /// <param name="reason">Why it failed, without secrets.</param>
    /// <param name="retryAt">When to try again, or null to dead-letter it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True once the record is durable; false when the claim was lost and nothing changed.</returns>
    Task<bool> FailAsync(InboxEvent claimed, string reason, DateTimeOffset? retryAt, CancellationToken cancellationToken = default);

    /// <summary>Lists events, newest first.</summary>
    /// <param name="state">Only events in this state, or all.</param>
    /// <param name="limit">The most to return.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events.</returns>
    Task<IReadOnlyList<InboxEvent>> ListAsync(InboxState? state = null, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Deletes the delivered events received before <paramref name="receivedBefore"/>, so the inbox (and a
    /// SQLite receiver's memory of keys) stops growing with every event ever received. Pending and dead-lettered events
    /// are kept. A deleted event's idempotency key is forgotten: a delivery of it that arrives later is stored and
    /// handled again, so keep events for longer than any sender retries.</summary>
    /// <param name="receivedBefore">Delivered events received before this instant are deleted.</param>
    /// <param name="cancellationToken">Cancels the work between steps; what was deleted stays deleted.</param>
    /// <returns>How many events were deleted.</returns>
    Task<long> PruneDeliveredAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken = default);

    /// <summary>Makes an event pending and due now, whatever its state (after a fix, to deliver it again), with a fresh
    /// set of attempts; its last error is kept. A claim on it ends.</summary>
    /// <param name="id">The event.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>False when there is no such event.</returns>
    Task<bool> ReplayAsync(long id, CancellationToken cancellationToken = default);
}
