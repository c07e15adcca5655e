namespace Keyward.Webhooks.Inbox;

/// <summary>An entry waiting in an inbox's group commit, with its own copy of the payload.</summary>
/// <param name="Entry">The entry as the receiver made it.</param>
/// <param name="Payload">The payload, copied when the add was queued.</param>
internal sealed record PendingAdd(InboxEntry Entry, byte[] Payload)
{
    /// <summary>The most entries an inbox writes in one transaction (bounds the transaction's size and latency).</summary>
    public const int MaxBatch = 256;

    /// <summary>Checks an entry and copies its payload now: a caller that stops waiting may reuse its buffer while the
    /// write is still queued.</summary>
    /// <exception cref="ArgumentException">The source, key or event type is missing.</exception>
    public static PendingAdd Of(InboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(entry.Source);
        ArgumentException.ThrowIfNullOrEmpty(entry.IdempotencyKey);
        ArgumentNullException.ThrowIfNull(entry.EventType);
        return new PendingAdd(entry, entry.Payload.ToArray());
    }
}
