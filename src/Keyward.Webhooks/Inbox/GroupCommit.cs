using System.Threading.Channels;

namespace Keyward.Webhooks.Inbox;

/// <summary>Batches concurrent adds into one storage transaction (group commit): a single writer loop drains a
/// channel, so N deliveries arriving together cost one commit (one fsync), not N. Modelled on the audit log's
/// writer loop (src/Keyward.Audit/AuditLog.cs).</summary>
/// <remarks>
/// <para>Each caller learns its own stored/duplicate result; a storage error fails exactly the callers whose
/// entries were in the failed batch, and the loop goes on with the next batch.</para>
/// <para>The loop runs on a thread of its own, and the write blocks on it: a commit waits for the disk (an fsync of
/// hundreds of microseconds to milliseconds) and, on the thread pool, that wait held one of its few workers (two on
/// a 2-core machine) while requests queued behind it and a core sat idle. Callers are answered on the pool, never on
/// the writer (docs/benchmarks.md, "The writer on its own thread").</para>
/// </remarks>
internal sealed class GroupCommit : IAsyncDisposable
{
    /// <summary>The most entries written in one transaction (bounds the transaction's size and latency).</summary>
    internal const int MaxBatch = 256;

    private readonly Func<IReadOnlyList<PendingAdd>, bool[]> _write;

    // Synchronous continuations only wake the writer thread blocked on WaitToReadAsync; the loop never runs on an
    // adder's thread.
    private readonly Channel<Request> _queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _batches;

    /// <param name="write">Writes one batch in one transaction, blocking the writer thread until it is durable, and
    /// returns, per entry in order, true when stored and false when it was a duplicate; it throws when nothing in the
    /// batch was stored.</param>
    /// <param name="name">The writer thread's name, as debuggers and <c>top -H</c> show it.</param>
    public GroupCommit(Func<IReadOnlyList<PendingAdd>, bool[]> write, string name)
    {
        _write = write;
        new Thread(Loop) { IsBackground = true, Name = name }.Start();
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
        await _stopped.Task.ConfigureAwait(false);
    }

    private void Loop()
    {
        var batch = new List<Request>(MaxBatch);
        var adds = new List<PendingAdd>(MaxBatch);
        while (WaitToRead(_queue.Reader))
        {
            batch.Clear();
            adds.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var request))
            {
                batch.Add(request);
                adds.Add(request.Add);
            }

            try
            {
                var stored = _write(adds);
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

        _stopped.SetResult();
    }

    /// <summary>Blocks until an add is queued (true) or the queue is completed and empty (false).</summary>
    private static bool WaitToRead(ChannelReader<Request> reader)
    {
        var wait = reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>An entry waiting to be written, with its own copy of the payload.</summary>
    internal sealed record PendingAdd(InboxEntry Entry, byte[] Payload);

    private sealed record Request(PendingAdd Add, TaskCompletionSource<bool> Done);
}
