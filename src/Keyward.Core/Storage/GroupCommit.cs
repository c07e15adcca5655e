using System.Threading.Channels;

namespace Keyward.Core.Storage;

/// <summary>Batches concurrent writes into one storage transaction (group commit): a single writer loop drains a
/// queue, so N callers arriving together cost one commit (one fsync), not N. The webhook inbox and the audit log both
/// write through one.</summary>
/// <typeparam name="TItem">What a caller hands over to be written.</typeparam>
/// <typeparam name="TResult">What each caller learns of its own item once the batch is committed.</typeparam>
/// <remarks>
/// <para>Each caller awaits its own result; a storage error fails exactly the callers whose items were in the failed
/// batch, and the loop goes on with the next batch.</para>
/// <para>The loop runs on a thread of its own, and the write blocks on it: a commit waits for the disk (an fsync of
/// hundreds of microseconds to milliseconds) and, on the thread pool, that wait held one of its few workers (two on
/// a 2-core machine) while callers queued behind it and a core sat idle. Callers are answered on the pool, never on
/// the writer (docs/benchmarks.md, "The writer on its own thread").</para>
/// </remarks>
public sealed class GroupCommit<TItem, TResult> : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<TItem>, IReadOnlyList<TResult>> _write;
    private readonly int _maxBatch;
    private readonly Type _owner;

    // Synchronous continuations only wake the writer thread blocked on WaitToReadAsync; the loop never runs on a
    // caller's thread.
    private readonly Channel<Request> _queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _batches;

    /// <summary>Starts the writer thread.</summary>
    /// <param name="write">Writes one batch in one transaction, blocking the writer thread until it is durable, and
    /// returns one result per item, in order; it throws when nothing in the batch was stored. A store whose API is
    /// asynchronous may block on it here: this thread is the loop's own.</param>
    /// <param name="maxBatch">The most items written in one transaction (bounds the transaction's size and latency).</param>
    /// <param name="name">The writer thread's name, as debuggers and <c>top -H</c> show it.</param>
    /// <param name="owner">The type callers know, which the <see cref="ObjectDisposedException"/> of an add after
    /// disposal names (an audit log, an inbox), rather than this generic loop; this type when null.</param>
    public GroupCommit(Func<IReadOnlyList<TItem>, IReadOnlyList<TResult>> write, int maxBatch, string name, Type? owner = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        _write = write;
        _maxBatch = maxBatch;
        _owner = owner ?? GetType();
        new Thread(Loop) { IsBackground = true, Name = name }.Start();
    }

    /// <summary>Gets how many batches were committed, for tests that check writes were grouped.</summary>
    public int Batches => Volatile.Read(ref _batches);

    /// <summary>Queues <paramref name="item"/> and waits until the batch holding it is committed.</summary>
    /// <param name="item">The item; the caller must not change it afterwards (copy buffers it may reuse).</param>
    /// <param name="cancellationToken">Stops waiting; an item already queued may still be written, one whose token was
    /// cancelled before the call is not queued.</param>
    /// <returns>The item's result.</returns>
    /// <exception cref="ObjectDisposedException">The group commit is disposed (it names the owner type).</exception>
    public Task<TResult> AddAsync(TItem item, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        var request = new Request(item, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(request), _owner);
        return request.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops taking items and returns once every queued item is written.</summary>
    /// <returns>A task that completes when the writer thread has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopped.Task.ConfigureAwait(false);
    }

    private void Loop()
    {
        var batch = new List<Request>(Math.Min(_maxBatch, 256));
        var items = new List<TItem>(batch.Capacity);
        while (WaitToRead(_queue.Reader))
        {
            batch.Clear();
            items.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var request))
            {
                batch.Add(request);
                items.Add(request.Item);
            }

            try
            {
                var results = _write(items);
                Interlocked.Increment(ref _batches);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(results[i]);
                }
            }
            catch (Exception e)
            {
                // The callers learn of it (the receiver answers 503, an audited action fails); later batches are
                // unaffected.
                foreach (var request in batch)
                {
                    request.Done.TrySetException(e);
                }
            }
        }

        _stopped.SetResult();
    }

    /// <summary>Blocks until an item is queued (true) or the queue is completed and empty (false).</summary>
    private static bool WaitToRead(ChannelReader<Request> reader)
    {
        var wait = reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private sealed record Request(TItem Item, TaskCompletionSource<TResult> Done);
}
