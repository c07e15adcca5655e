using Keyward.Core.IO;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Keyward.Webhooks.Inbox;

/// <summary>Adds new events to one SQLite inbox file as its only adder: it holds the file's receiver lock, keeps the
/// digests of every stored idempotency key in memory to find duplicates, and writes each group-commit batch through one
/// connection whose insert is prepared once (each row is bound and stepped directly, with no command or reader
/// objects). Not thread-safe: <see cref="SqliteWebhookInbox"/> calls it under its write lock.</summary>
internal sealed class SqliteInboxAdder : IDisposable
{
    private const string Insert = """
        INSERT INTO webhook_inbox (source, idempotency_key, event_type, payload, received_at_us, state, attempts, next_attempt_at_us)
        VALUES (?1, ?2, ?3, ?4, ?5, 'pending', 0, ?6)
        """;

    private readonly FileStream _receiverLock;
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _insert;
    private readonly HashSet<UInt128> _keys;
    private readonly HashSet<UInt128> _batchKeys = [];

    private SqliteInboxAdder(FileStream receiverLock, SqliteConnection connection, sqlite3_stmt insert, HashSet<UInt128> keys)
    {
        _receiverLock = receiverLock;
        _connection = connection;
        _insert = insert;
        _keys = keys;
    }

    /// <summary>Takes the receiver lock of <paramref name="path"/>, drops the unique index of an inbox created by an
    /// earlier release, and reads every stored key.</summary>
    /// <exception cref="IOException">Another adder, in this process or another, holds the lock.</exception>
    public static SqliteInboxAdder Start(string path, string connectionString, string tableSchema)
    {
        var lockPath = path + ".receiver.lock";
        var held = FileLock.TryAcquire(lockPath) ?? throw new IOException(
            $"another receiver is adding to the webhook inbox '{path}' (it holds {lockPath}): a SQLite inbox takes one receiver, so stop the other one, or give several receivers a postgres: inbox");
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();

            // SQLite opens a file it may not write read-only, and says so only at the first insert: every delivery
            // would be answered 503. Say it now, before the receiver listens.
            if (raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
            {
                throw SqliteWebhookInbox.ReadOnly(path);
            }

            Execute(connection, "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;");

            // In a write transaction, so no other process changes the table while its keys are read.
            Execute(connection, "BEGIN IMMEDIATE");
            HashSet<UInt128> keys;
            try
            {
                DropUniqueConstraint(connection, tableSchema);
                keys = ReadKeys(connection.Handle!);
                Execute(connection, "COMMIT");
            }
            catch
            {
                RollBack(connection.Handle!);
                throw;
            }

            Check(connection.Handle!, raw.sqlite3_prepare_v2(connection.Handle, Insert, out sqlite3_stmt insert));
            return new SqliteInboxAdder(held, connection, insert, keys);
        }
        catch
        {
            connection.Dispose();
            held.Dispose();
            throw;
        }
    }

    /// <summary>Writes one batch in one transaction: one fsync for all of it. Keys already stored, or earlier in the
    /// batch, are duplicates; the batch's keys join the known ones only once it is committed.</summary>
    /// <returns>Per entry, in order: true when stored, false for a duplicate.</returns>
    /// <exception cref="SqliteException">Nothing was stored.</exception>
    public bool[] Write(IReadOnlyList<PendingAdd> batch, long nowMicroseconds)
    {
        var db = _connection.Handle!;
        var digests = new UInt128[batch.Count];
        var stored = new bool[batch.Count];
        _batchKeys.Clear();
        Check(db, raw.sqlite3_exec(db, "BEGIN IMMEDIATE"));
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var entry = batch[i].Entry;
                digests[i] = IdempotencyDigest.Of(entry.Source, entry.IdempotencyKey);
                if (_keys.Contains(digests[i]) || !_batchKeys.Add(digests[i]))
                {
                    continue;
                }

                raw.sqlite3_bind_text(_insert, 1, entry.Source);
                raw.sqlite3_bind_text(_insert, 2, entry.IdempotencyKey);
                raw.sqlite3_bind_text(_insert, 3, entry.EventType);

                // An empty span would bind NULL, which the NOT NULL payload column refuses.
                _ = batch[i].Payload.Length == 0 ? raw.sqlite3_bind_zeroblob(_insert, 4, 0) : raw.sqlite3_bind_blob(_insert, 4, batch[i].Payload);
                raw.sqlite3_bind_int64(_insert, 5, InboxColumns.ToMicroseconds(entry.ReceivedAt));
                raw.sqlite3_bind_int64(_insert, 6, nowMicroseconds);
                var rc = raw.sqlite3_step(_insert);
                raw.sqlite3_reset(_insert);
                if (rc != raw.SQLITE_DONE)
                {
                    throw Error(db, rc);
                }

                stored[i] = true;
            }

            Check(db, raw.sqlite3_exec(db, "COMMIT"));
        }
        catch
        {
            RollBack(db);
            throw;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (stored[i])
            {
                _keys.Add(digests[i]);
            }
        }

        return stored;
    }

    /// <summary>Forgets the keys of events that were deleted (and the deletion committed), so memory follows the inbox's
    /// size rather than every event ever received.</summary>
    public void Forget(IEnumerable<(string Source, string Key)> keys)
    {
        foreach (var (source, key) in keys)
        {
            _keys.Remove(IdempotencyDigest.Of(source, key));
        }
    }

    /// <summary>Finalizes the insert, closes the connection and releases the receiver lock.</summary>
    public void Dispose()
    {
        _insert.Dispose();
        _connection.Dispose();
        _receiverLock.Dispose();
    }

    /// <summary>Rebuilds a table created before duplicates were found in memory, without its
    /// <c>UNIQUE (source, idempotency_key)</c> (an index SQLite cannot drop on its own); ids and states are kept.</summary>
    private static void DropUniqueConstraint(SqliteConnection connection, string tableSchema)
    {
        using var check = connection.CreateCommand();
        check.CommandText = "SELECT count(*) FROM pragma_index_list('webhook_inbox') WHERE origin = 'u'";
        if ((long)check.ExecuteScalar()! > 0)
        {
            Execute(
                connection,
                "ALTER TABLE webhook_inbox RENAME TO webhook_inbox_unique; DROP INDEX webhook_inbox_due; "
                    + tableSchema
                    + " INSERT INTO webhook_inbox SELECT * FROM webhook_inbox_unique; DROP TABLE webhook_inbox_unique;");
        }
    }

    /// <summary>Reads the digest of every stored key from the UTF-8 bytes SQLite holds, with no strings: about 3 µs an
    /// event, most of it reading the rows (docs/benchmarks.md).</summary>
    private static HashSet<UInt128> ReadKeys(sqlite3 db)
    {
        var keys = new HashSet<UInt128>();
        Check(db, raw.sqlite3_prepare_v2(db, "SELECT source, idempotency_key FROM webhook_inbox", out sqlite3_stmt select));
        using (select)
        {
            int rc;
            while ((rc = raw.sqlite3_step(select)) == raw.SQLITE_ROW)
            {
                keys.Add(IdempotencyDigest.Of(raw.sqlite3_column_blob(select, 0), raw.sqlite3_column_blob(select, 1)));
            }

            if (rc != raw.SQLITE_DONE)
            {
                throw Error(db, rc);
            }
        }

        return keys;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Rolls back if a transaction is still open: SQLite has already rolled back after some errors (a full
    /// disk), and the caller rethrows the error that matters.</summary>
    private static void RollBack(sqlite3 db)
    {
        if (raw.sqlite3_get_autocommit(db) == 0)
        {
            raw.sqlite3_exec(db, "ROLLBACK");
        }
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw Error(db, rc);
        }
    }

    private static SqliteException Error(sqlite3 db, int rc) => new($"SQLite error {rc}: {raw.sqlite3_errmsg(db).utf8_to_string()}", rc);
}
