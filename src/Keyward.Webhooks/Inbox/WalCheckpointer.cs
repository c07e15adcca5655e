using Microsoft.Data.Sqlite;

namespace Keyward.Webhooks.Inbox;

/// <summary>Copies a WAL-mode SQLite database's write-ahead log into the database file in the background, so that no
/// commit has to. The inbox's connections turn SQLite's automatic checkpoint off and call <see cref="Committed"/>
/// after each commit.</summary>
/// <remarks>
/// <para>Why: with the automatic checkpoint, the commit that takes the WAL past 1,000 frames copies them all and
/// fsyncs the database file before it returns. Under load that was one commit in twenty, 5 to 15 ms instead of about
/// 1 ms, and 40% of the writer's time; every event in those batches was acknowledged that much later
/// (docs/benchmarks.md, "Checkpoints off the commit path").</para>
/// <para>How: after commits, and at most every <see cref="Gather"/>, a passive checkpoint copies what is in the WAL
/// while writers go on. A passive checkpoint never waits for a writer, so under sustained writes it never quite
/// catches up, and SQLite only starts the WAL again from its beginning once every frame has been copied. So when the
/// WAL holds more than the reset threshold, passive passes repeat until one finds only a few new frames, and a last
/// pass runs under the inbox's write lock: writers wait for that short pass, and the next commit restarts the WAL,
/// whose file <c>journal_size_limit</c> then truncates.</para>
/// <para>Durability does not depend on this loop: every commit still fsyncs the WAL (<c>synchronous=FULL</c>). A
/// checkpoint that fails (another process checkpointing, a full disk) is tried again after the next commit; until
/// then the WAL only grows, and the last connection to close checkpoints it.</para>
/// </remarks>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    /// <summary>The WAL size, in frames (4 KiB pages), past which the WAL is restarted under the write lock.</summary>
    internal const int DefaultResetFrames = 8192;

    /// <summary>The longest a commit's frames wait before the background checkpoint copies them (they are durable in
    /// the WAL already); waiting lets one pass copy the frames of many commits, and a page written by several of
    /// them only once.</summary>
    internal static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(50);

    /// <summary>When fewer frames than this were added during a passive pass, the next one, under the write lock, is
    /// short.</summary>
    private const int FewFrames = 100;

    /// <summary>Bounds the passes before the locked one when writes never slow down.</summary>
    private const int MaxCatchUpPasses = 8;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock;
    private readonly int _resetFrames;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _pending;
    private int _resets;
    private int _disposed;

    /// <param name="connectionString">The database's connection string; the checkpointer opens its own connection.</param>
    /// <param name="writeLock">The lock the inbox's writers take before <c>BEGIN IMMEDIATE</c>.</param>
    /// <param name="resetFrames">The WAL size in frames past which the WAL is restarted under the lock.</param>
    public WalCheckpointer(string connectionString, SemaphoreSlim writeLock, int resetFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resetFrames, FewFrames);
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        _writeLock = writeLock;
        _resetFrames = resetFrames;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Gets how many times the WAL was restarted under the write lock, for tests.</summary>
    public int Resets => Volatile.Read(ref _resets);

    /// <summary>The pragmas for every connection that writes: no checkpoint inside a commit, and a WAL file that is
    /// truncated back to the reset threshold when it restarts.</summary>
    /// <param name="resetFrames">The reset threshold in frames.</param>
    /// <returns>The pragma statements.</returns>
    public static string WriterPragmas(int resetFrames) =>
        $"PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = {resetFrames * 4096L};";

    /// <summary>Tells the checkpointer that a transaction committed; cheap, and never blocks.</summary>
    public void Committed()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0)
        {
            _signal.Release();
        }
    }

    /// <summary>Stops the loop; a pass under way finishes first. Safe to call more than once.</summary>
    /// <returns>A task that completes when stopped.</returns>
    /// <remarks>The signal is not disposed: a commit that races with disposal may still call <see cref="Committed"/>,
    /// and a <see cref="SemaphoreSlim"/> whose wait handle was never asked for holds nothing to release.</remarks>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(false);
            _stop.Dispose();
        }
    }

    private async Task LoopAsync()
    {
        await using var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(_stop.Token).ConfigureAwait(false);
            while (true)
            {
                await _signal.WaitAsync(_stop.Token).ConfigureAwait(false);
                await Task.Delay(Gather, _stop.Token).ConfigureAwait(false);

                // Commits from here on signal again, so their frames are never left behind.
                Volatile.Write(ref _pending, 0);
                try
                {
                    var frames = await PassAsync(connection).ConfigureAwait(false);
                    if (frames > _resetFrames)
                    {
                        await RestartAsync(connection, frames).ConfigureAwait(false);
                    }
                }
                catch (SqliteException)
                {
                    // Tried again after the next commit; see the remarks.
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private async Task RestartAsync(SqliteConnection connection, long frames)
    {
        for (var i = 0; i < MaxCatchUpPasses; i++)
        {
            var now = await PassAsync(connection).ConfigureAwait(false);
            var added = now - frames;
            frames = now;
            if (added < FewFrames)
            {
                break;
            }
        }

        await _writeLock.WaitAsync(_stop.Token).ConfigureAwait(false);
        try
        {
            await PassAsync(connection).ConfigureAwait(false);
            Interlocked.Increment(ref _resets);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>One passive checkpoint: copies every frame it can without waiting for anyone.</summary>
    /// <returns>How many frames the WAL holds.</returns>
    private static async Task<long> PassAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);

        // One row: busy (another checkpoint was running), frames in the WAL, frames copied to the database file.
        return await reader.ReadAsync().ConfigureAwait(false) ? reader.GetInt64(1) : 0;
    }
}
