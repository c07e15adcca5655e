using System.Threading.Channels;

namespace Keyward.Webhooks.Inbox;

/// <summary>Batches concurrent adds into one storage transaction (group commit): a single writer loop drains a
/// channel, so N deliveries arriving together cost one commit (one fsync), not N. Modelled on the audit log's
/// writer loop (src/Keyward.Audit/AuditLog.cs).</summary>
/// <remarks>Each caller learns its own stored/duplicate result; a storage error fails exactly the callers whose
/// entries were in the failed batch, and the loop goes on with the next batch.</remarks>
internal sealed class GroupCommit : IAsyncDisposable
{
    /// <summary>The most entries written in one transaction (bounds the transaction's size and latency).</summary>
    internal const int MaxBatch = 256;

    private readonly Func<IReadOnlyList<PendingAdd>, Task<IReadOnlyList<bool>>> _write;
    private readonly Channel<Request> _queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private int _batches;

    /// <param name="write">Writes one batch in one transaction and returns, per entry in order, true when stored
    /// and false when it was a duplicate; it throws when nothing in the batch was stored.</param>
    public GroupCommit(Func<IReadOnlyList<PendingAdd>, Task<IReadOnlyList<bool>>> write)
    {
        _write = write;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Gets how many batches were committed, for tests that check adds were grouped.</summary>
    public int Batches => Volatile.Read(ref _batches);

    public async ValueTask<bool> AddAsync(InboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(entry.Source);
        ArgumentException.ThrowIfNullOrEmpty(entry.IdempotencyKey);
        ArgumentNullException.ThrowIfNull(entry.EventType);
        cancellationToken.ThrowIfCancellationRequested();

        // Copy the payload now: a caller that stops waiting may reuse its buffer while the write is still queued.
        var request = new Request(new PendingAdd(entry, entry.Payload.ToArray()), new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(request), this);

        return await request.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops taking adds and returns once every queued add is written.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task LoopAsync()
    {
        var batch = new List<Request>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var request))
            {
                batch.Add(request);
            }

            try
            {
                var stored = await _write([.. batch.Select(r => r.Add)]).ConfigureAwait(false);
                Interlocked.Increment(ref _batches);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(stored[i]);
                }
            }
            catch (Exception e)
            {
                // The receiver answers these callers 503, so the senders retry; later batches are unaffected.
                foreach (var request in batch)
                {
                    request.Done.TrySetException(e);
                }
            }
        }
    }

    /// <summary>An entry waiting to be written, with its own copy of the payload.</summary>
    internal sealed record PendingAdd(InboxEntry Entry, byte[] Payload);

    private sealed record Request(PendingAdd Add, TaskCompletionSource<bool> Done);
}
