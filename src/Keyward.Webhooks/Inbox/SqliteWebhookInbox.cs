using System.Buffers;
using System.Text;
using System.Text.Json;
using Keyward.Core.IO;
using Keyward.Core.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Keyward.Webhooks.Inbox;

/// <summary>The embedded inbox: one SQLite file (mode 0600, WAL, <c>synchronous=FULL</c>), for a single receiver and
/// its dispatchers on one machine.</summary>
/// <remarks>
/// <para>Open it with <see cref="Open"/> (or <see cref="WebhookInboxes.Open"/>) once per process and share it: it is
/// thread-safe. Concurrent <see cref="AddAsync"/> calls are group-committed into one <c>BEGIN IMMEDIATE</c>
/// transaction, so an awaited add is on disk (fsync'd) yet N concurrent deliveries cost one fsync. Writers in this
/// process take turns on a lock before <c>BEGIN IMMEDIATE</c>; writers in other processes wait on SQLite's busy
/// timeout (30 s). Several receivers behind a load balancer need <see cref="PostgresWebhookInbox"/>.</para>
/// <para>One instance at a time adds to a file: the first add (or <see cref="StartReceivingAsync"/>) takes the file's
/// receiver lock (<c>PATH.receiver.lock</c>, released when the inbox is disposed or its process dies) and reads every
/// stored idempotency key into memory (a 16-byte digest, 50 to 70 bytes of memory per event). Duplicates are found
/// there rather than through a unique index, which wrote a random page for every event: twice the commit traffic, and
/// checkpoints that stalled the writer (docs/benchmarks.md). Other instances and processes may still list, claim,
/// complete, fail and replay.</para>
/// <para>The file is created readable and writable by its owner only; SQLite gives its <c>-wal</c> and <c>-shm</c>
/// files the same mode. Payloads are stored as the raw bytes received and never logged.</para>
/// <para><see cref="CompleteAsync"/> and <see cref="FailAsync"/> do nothing for an id that does not exist.</para>
/// </remarks>
public sealed class SqliteWebhookInbox : IWebhookInbox
{
    private const string TableSchema = """
        CREATE TABLE IF NOT EXISTS webhook_inbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            event_type TEXT NOT NULL,
            payload BLOB NOT NULL,
            received_at_us INTEGER NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead_lettered')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at_us INTEGER,
            claimed_until_us INTEGER,
            last_error TEXT);
        CREATE INDEX IF NOT EXISTS webhook_inbox_due ON webhook_inbox (state, next_attempt_at_us);
        """;

    /// <summary>The rows a renewal, completion or failure may change: the event, while still under the caller's claim.</summary>
    private const string UnderClaim = "id = $id AND state = 'pending' AND claimed_until_us = $claim";

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly GroupCommit<PendingAdd, bool> _adds;

    // Set by the first add or StartReceivingAsync, under _writeLock.
    private SqliteInboxAdder? _adder;

    private SqliteWebhookInbox(string path, string connectionString, TimeProvider time)
    {
        Path = path;
        _connectionString = connectionString;
        _time = time;
        _adds = new GroupCommit<PendingAdd, bool>(WriteBatch, PendingAdd.MaxBatch, "Keyward SQLite inbox writer", typeof(SqliteWebhookInbox));
    }

    /// <summary>Gets the full path of the database file.</summary>
    public string Path { get; }

    /// <summary>Gets how many add batches were committed (each one transaction), for tests and diagnostics.</summary>
    internal int Batches => _adds.Batches;

    /// <summary>Opens the inbox at <paramref name="path"/>, creating the file (mode 0600), its directory and its
    /// table when they do not exist.</summary>
    /// <param name="path">The database file, such as <c>.keyward/webhooks.db</c>.</param>
    /// <param name="time">The clock for due times and leases; the system clock when null.</param>
    /// <returns>The inbox; dispose it to flush queued adds and close.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="InvalidDataException">The file is not a SQLite database.</exception>
    /// <exception cref="UnauthorizedAccessException">The file is new and cannot be written.</exception>
    /// <exception cref="IOException">The file is a directory, or SQLite cannot use it; the message names it.</exception>
    public static SqliteWebhookInbox Open(string path, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        if (!IsSqliteOrEmpty(full))
        {
            // Before the mode is touched: a mistyped --inbox README.md must leave README.md as it was.
            throw NotADatabase(full, "it does not start with SQLite's header");
        }

        // SQLite would create the file with the umask's mode (often 0644); an empty file is a valid new database.
        PrivateFile.EnsureExists(full);

        var connectionString = new SqliteConnectionStringBuilder { DataSource = full, Pooling = true, DefaultTimeout = 30 }.ToString();
        try
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();

            // One command each: Microsoft.Data.Sqlite drops the errors of the statements after one that returns a row
            // (dotnet/efcore#32740), and both pragmas return one.
            foreach (var sql in (ReadOnlySpan<string>)["PRAGMA busy_timeout = 30000", "PRAGMA journal_mode = WAL", TableSchema])
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.ExecuteNonQuery();
            }
        }
        catch (SqliteException e)
        {
            throw OpenError(full, e);
        }

        return new SqliteWebhookInbox(full, connectionString, time ?? TimeProvider.System);
    }

    /// <summary>Names the file in what SQLite says of it, which names nothing, and points at the fix.</summary>
    private static Exception OpenError(string path, SqliteException e) => e.SqliteErrorCode switch
    {
        raw.SQLITE_NOTADB or raw.SQLITE_CORRUPT => NotADatabase(path, e.Message, e),
        raw.SQLITE_READONLY or raw.SQLITE_PERM => ReadOnly(path, e),
        _ => new IOException($"the webhook inbox '{path}' cannot be used: {e.Message}", e),
    };

    private static InvalidDataException NotADatabase(string path, string why, Exception? inner = null) =>
        new($"the webhook inbox '{path}' is not a SQLite database ({why}): point the inbox at its database file", inner);

    /// <summary>Whether the file is missing, empty (SQLite makes a new database of either) or starts with SQLite's
    /// 16-byte header.</summary>
    private static bool IsSqliteOrEmpty(string path)
    {
        if (!File.Exists(path))
        {
            return true;
        }

        Span<byte> header = stackalloc byte[16];
        using var file = File.OpenHandle(path);
        var read = RandomAccess.Read(file, header, 0);
        return header[..read].SequenceEqual("SQLite format 3\0"u8[..read]);
    }

    /// <summary>The error of an inbox this process cannot write: a receiver would answer 503 to every delivery.</summary>
    internal static UnauthorizedAccessException ReadOnly(string path, Exception? inner = null) => new(
        $"the webhook inbox '{path}' is read-only to this process: a receiver must write it and its directory (its -wal and -shm files); check the owner, the mode and the mount",
        inner);

    /// <inheritdoc/>
    /// <remarks>Takes the file's receiver lock and reads the stored idempotency keys now rather than at the first add.
    /// <c>keyward webhooks serve</c> does this before it listens.</remarks>
    /// <exception cref="IOException">Another instance, in this process or another, adds to this file.</exception>
    public async Task StartReceivingAsync(CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _adder ??= SqliteInboxAdder.Start(Path, _connectionString, TableSchema);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> AddAsync(InboxEntry entry, CancellationToken cancellationToken = default) => new(_adds.AddAsync(PendingAdd.Of(entry), cancellationToken));

    /// <inheritdoc/>
    public Task<IReadOnlyList<InboxEvent>> ClaimAsync(int max, TimeSpan lease, IReadOnlyCollection<string>? sources = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        return InWriteTransactionAsync<IReadOnlyList<InboxEvent>>(
            async connection =>
            {
                var now = _time.GetUtcNow();
                await using var command = connection.CreateCommand();
                command.CommandText = $"""
                    UPDATE webhook_inbox SET claimed_until_us = $until
                    WHERE id IN (
                        SELECT id FROM webhook_inbox
                        WHERE state = 'pending' AND next_attempt_at_us <= $now AND (claimed_until_us IS NULL OR claimed_until_us <= $now)
                            AND ($sources IS NULL OR source IN (SELECT value FROM json_each($sources)))
                        ORDER BY received_at_us, id
                        LIMIT $max)
                    RETURNING {InboxColumns.Select}
                    """;
                command.Parameters.AddWithValue("$until", InboxColumns.ToMicroseconds(now + lease));
                command.Parameters.AddWithValue("$now", InboxColumns.ToMicroseconds(now));
                command.Parameters.AddWithValue("$max", max);
                command.Parameters.AddWithValue("$sources", sources is null ? DBNull.Value : JsonArray(sources));
                var claimed = await InboxColumns.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);

                // RETURNING gives no order: sort oldest first here.
                return [.. claimed.OrderBy(e => e.Entry.ReceivedAt).ThenBy(e => e.Id)];
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<InboxEvent?> RenewAsync(InboxEvent claimed, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var claim = InboxColumns.Claim(claimed);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        return InWriteTransactionAsync(
            async connection =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"UPDATE webhook_inbox SET claimed_until_us = $until WHERE {UnderClaim} RETURNING {InboxColumns.Select}";
                command.Parameters.AddWithValue("$until", InboxColumns.ToMicroseconds(_time.GetUtcNow() + lease));
                command.Parameters.AddWithValue("$id", claimed.Id);
                command.Parameters.AddWithValue("$claim", claim);
                return (await InboxColumns.ReadAllAsync(command, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<bool> CompleteAsync(InboxEvent claimed, CancellationToken cancellationToken = default)
    {
        var claim = InboxColumns.Claim(claimed);
        return await ExecuteAsync(
            $"UPDATE webhook_inbox SET state = 'delivered', attempts = attempts + 1, next_attempt_at_us = NULL, claimed_until_us = NULL WHERE {UnderClaim}",
            [new("$id", claimed.Id), new("$claim", claim)],
            cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc/>
    public async Task<bool> ReleaseAsync(InboxEvent claimed, CancellationToken cancellationToken = default)
    {
        var claim = InboxColumns.Claim(claimed);
        return await ExecuteAsync(
            $"UPDATE webhook_inbox SET claimed_until_us = NULL WHERE {UnderClaim}",
            [new("$id", claimed.Id), new("$claim", claim)],
            cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc/>
    public async Task<bool> FailAsync(InboxEvent claimed, string reason, DateTimeOffset? retryAt, CancellationToken cancellationToken = default)
    {
        var claim = InboxColumns.Claim(claimed);
        return await ExecuteAsync(
            $"""
            UPDATE webhook_inbox
            SET attempts = attempts + 1, last_error = $reason, claimed_until_us = NULL,
                state = CASE WHEN $retry IS NULL THEN 'dead_lettered' ELSE 'pending' END, next_attempt_at_us = $retry
            WHERE {UnderClaim}
            """,
            [
                new("$id", claimed.Id),
                new("$claim", claim),
                new("$reason", InboxColumns.Reason(reason)),
                new("$retry", retryAt is { } at ? InboxColumns.ToMicroseconds(at) : DBNull.Value),
            ],
            cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<InboxEvent>> ListAsync(InboxState? state = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {InboxColumns.Select} FROM webhook_inbox WHERE $state IS NULL OR state = $state ORDER BY id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$state", state is { } s ? InboxColumns.ToText(s) : DBNull.Value);
        command.Parameters.AddWithValue("$limit", Math.Max(0, limit));
        return await InboxColumns.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>Works in steps of <see cref="InboxPruning.Step"/> rows, each its own transaction. When this instance is
    /// the file's receiver, the deleted keys leave its memory too; a receiver in another process keeps them until it
    /// restarts, which only makes it answer a very late redelivery as a duplicate.</remarks>
    public Task<long> PruneDeliveredAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken = default)
    {
        var cutoff = InboxColumns.ToMicroseconds(receivedBefore);
        return InboxPruning.RunAsync(async after =>
        {
            var step = await InWriteTransactionAsync(connection => PruneStepAsync(connection, after, cutoff, cancellationToken), cancellationToken).ConfigureAwait(false);

            // Only once the deletion is committed: forgetting a key whose event is still stored would store a redelivery twice.
            if (step.Keys.Count > 0)
            {
                await _writeLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                try
                {
                    _adder?.Forget(step.Keys);
                }
                finally
                {
                    _writeLock.Release();
                }
            }

            return (step.Last, step.ReachedCutoff, step.Keys.Count);
        });
    }

    /// <inheritdoc/>
    public async Task<bool> ReplayAsync(long id, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            "UPDATE webhook_inbox SET state = 'pending', attempts = 0, next_attempt_at_us = $now, claimed_until_us = NULL WHERE id = $id",
            [new("$id", id), new("$now", InboxColumns.ToMicroseconds(_time.GetUtcNow()))],
            cancellationToken).ConfigureAwait(false) > 0;

    /// <summary>Writes every queued add, then closes the inbox's pooled connections.</summary>
    /// <returns>A task that completes when closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _adds.DisposeAsync().ConfigureAwait(false);
        _adder?.Dispose();
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _writeLock.Dispose();
    }

    /// <summary>The values as a JSON array, which SQLite's <c>json_each</c> reads as a list parameter.</summary>
    private static string JsonArray(IReadOnlyCollection<string> values)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static async Task RunAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes one group-commit batch in one transaction (see <see cref="SqliteInboxAdder.Write"/>) on the
    /// group commit's writer thread, blocking it until the commit is on disk; the first one makes this instance the
    /// file's adder.</summary>
    private bool[] WriteBatch(IReadOnlyList<PendingAdd> batch)
    {
        _writeLock.Wait();
        try
        {
            _adder ??= SqliteInboxAdder.Start(Path, _connectionString, TableSchema);
            return _adder.Write(batch, InboxColumns.ToMicroseconds(_time.GetUtcNow()));
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static async Task<PruneStep> PruneStepAsync(SqliteConnection connection, long after, long cutoff, CancellationToken cancellationToken)
    {
        await using var scan = connection.CreateCommand();
        var (last, reachedCutoff) = await InboxPruning.ScanAsync(scan, after, cutoff, cancellationToken).ConfigureAwait(false);
        var keys = new List<(string Source, string Key)>();
        if (last is { } through)
        {
            await using var delete = connection.CreateCommand();
            delete.CommandText = $"DELETE FROM webhook_inbox NOT INDEXED WHERE {InboxPruning.Condition} RETURNING source, idempotency_key";
            InboxPruning.BindDelete(delete, after, through, cutoff);
            await using var reader = await delete.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                keys.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        return new PruneStep(last, reachedCutoff, keys);
    }

    private Task<int> ExecuteAsync(string sql, SqliteParameter[] parameters, CancellationToken cancellationToken) =>
        InWriteTransactionAsync(
            async connection =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.Parameters.AddRange(parameters);
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>Runs <paramref name="work"/> in a <c>BEGIN IMMEDIATE</c> transaction: the write lock is taken before
    /// anything is read, so a claim's select and update see no other writer in between.</summary>
    private async Task<T> InWriteTransactionAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        // In this process writers queue here rather than in SQLite's busy handler, which sleeps and retries.
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await RunAsync(connection, "BEGIN IMMEDIATE", cancellationToken).ConfigureAwait(false);
            try
            {
                var result = await work(connection).ConfigureAwait(false);
                await RunAsync(connection, "COMMIT", CancellationToken.None).ConfigureAwait(false);
                return result;
            }
            catch
            {
                await RollBackAsync(connection).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Rolls back, keeping the original error: SQLite may already have rolled back (a failed COMMIT, a
    /// full disk), and then ROLLBACK itself fails.</summary>
    private static async Task RollBackAsync(SqliteConnection connection)
    {
        try
        {
            await RunAsync(connection, "ROLLBACK", CancellationToken.None).ConfigureAwait(false);
        }
        catch (SqliteException)
        {
            // No transaction is active any more; the caller rethrows the error that matters.
        }
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await RunAsync(connection, "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>One pruning step: the last id looked at (null when there were none), whether a row was too new, and
    /// the keys of the events deleted.</summary>
    private sealed record PruneStep(long? Last, bool ReachedCutoff, List<(string Source, string Key)> Keys);
}
