using Keyward.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Keyward.Webhooks.Inbox;

/// <summary>The shared inbox: PostgreSQL, for several receivers behind a load balancer and several dispatchers
/// sharing the work.</summary>
/// <remarks>
/// <para>Open it with <see cref="Open"/> (or <see cref="WebhookInboxes.Open"/>) once per process and share it: it is
/// thread-safe. Concurrent <see cref="AddAsync"/> calls are group-committed into one
/// <c>INSERT ... ON CONFLICT DO NOTHING</c> statement (one commit); the unique (source, idempotency key) constraint
/// makes a delivery retried to another receiver a duplicate too. <see cref="ClaimAsync"/> selects with
/// <c>FOR UPDATE SKIP LOCKED</c> inside its UPDATE, so concurrent dispatchers, in any process, never claim the
/// same event while its lease holds.</para>
/// <para>Due times and leases come from this process's <see cref="TimeProvider"/>, not the database clock: keep the
/// receivers' and dispatchers' clocks in sync (NTP), or a lease may end early on a machine that runs ahead.</para>
/// <para>Payloads are stored as the raw bytes received (<c>bytea</c>) and never logged. <see cref="CompleteAsync"/>
/// and <see cref="FailAsync"/> do nothing for an id that does not exist.</para>
/// </remarks>
public sealed class PostgresWebhookInbox : IWebhookInbox
{
    /// <summary>The advisory lock key taken while creating the table (an arbitrary constant: "KWIB").</summary>
    private const long SchemaLockKey = 0x4B57_4942;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS webhook_inbox (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            source text NOT NULL,
            idempotency_key text NOT NULL,
            event_type text NOT NULL,
            payload bytea NOT NULL,
            received_at_us bigint NOT NULL,
            state text NOT NULL CHECK (state IN ('pending', 'delivered', 'dead_lettered')),
            attempts integer NOT NULL DEFAULT 0,
            next_attempt_at_us bigint,
            claimed_until_us bigint,
            last_error text,
            UNIQUE (source, idempotency_key));
        CREATE INDEX IF NOT EXISTS webhook_inbox_due ON webhook_inbox (state, next_attempt_at_us);
        """;

    /// <summary>The rows a renewal, completion or failure may change: the event ($1), while still under the caller's
    /// claim ($2).</summary>
    private const string UnderClaim = "id = $1 AND state = 'pending' AND claimed_until_us = $2";

    private readonly NpgsqlDataSource _data;
    private readonly TimeProvider _time;
    private readonly GroupCommit<PendingAdd, bool> _adds;

    private PostgresWebhookInbox(NpgsqlDataSource data, TimeProvider time)
    {
        _data = data;
        _time = time;
        _adds = new GroupCommit<PendingAdd, bool>(WriteBatch, PendingAdd.MaxBatch, "Keyward PostgreSQL inbox writer", typeof(PostgresWebhookInbox));
    }

    /// <summary>Gets how many add batches were committed (each one statement), for tests and diagnostics.</summary>
    internal int Batches => _adds.Batches;

    /// <summary>Opens the inbox, creating its table on first use.</summary>
    /// <param name="connectionString">An Npgsql connection string; <c>Search Path</c> picks the schema.</param>
    /// <param name="time">The clock for due times and leases; the system clock when null.</param>
    /// <returns>The inbox; dispose it to flush queued adds and close.</returns>
    /// <remarks>Table creation runs under <c>pg_advisory_xact_lock</c>, so receivers starting together do not race
    /// on <c>CREATE TABLE IF NOT EXISTS</c> (which is not safe against concurrent creators).</remarks>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    /// <exception cref="NpgsqlException">The database cannot be reached or refuses the login.</exception>
    public static PostgresWebhookInbox Open(string connectionString, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var data = NpgsqlDataSource.Create(connectionString);
        try
        {
            using var connection = data.OpenConnection();
            using var transaction = connection.BeginTransaction();
            using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLockKey}); {Schema}", connection, transaction))
            {
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        catch
        {
            data.Dispose();
            throw;
        }

        return new PostgresWebhookInbox(data, time ?? TimeProvider.System);
    }

    /// <inheritdoc/>
    /// <remarks>Nothing to take: several receivers share the database, and its unique constraint finds duplicates.</remarks>
    public Task StartReceivingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc/>
    public ValueTask<bool> AddAsync(InboxEntry entry, CancellationToken cancellationToken = default) => new(_adds.AddAsync(PendingAdd.Of(entry), cancellationToken));

    /// <inheritdoc/>
    public async Task<IReadOnlyList<InboxEvent>> ClaimAsync(int max, TimeSpan lease, IReadOnlyCollection<string>? sources = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        var now = _time.GetUtcNow();

        // SKIP LOCKED: rows another dispatcher is claiming right now are passed over, not waited for. A row whose claim
        // committed after this statement's snapshot is re-checked against its new version before it is locked, so
        // its fresh lease excludes it (PostgreSQL docs, "The Locking Clause"; READ COMMITTED re-evaluation).
        await using var command = _data.CreateCommand($"""
            UPDATE webhook_inbox AS i SET claimed_until_us = $1
            FROM (
                SELECT id FROM webhook_inbox
                WHERE state = 'pending' AND next_attempt_at_us <= $2 AND (claimed_until_us IS NULL OR claimed_until_us <= $2)
                    AND ($4::text[] IS NULL OR source = ANY($4))
                ORDER BY received_at_us, id
                LIMIT $3
                FOR UPDATE SKIP LOCKED) AS due
            WHERE i.id = due.id
            RETURNING {string.Join(", ", InboxColumns.Select.Split(", ").Select(c => "i." + c))}
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = InboxColumns.ToMicroseconds(now + lease) });
        command.Parameters.Add(new NpgsqlParameter { Value = InboxColumns.ToMicroseconds(now) });
        command.Parameters.Add(new NpgsqlParameter { Value = max });
        command.Parameters.Add(new NpgsqlParameter { Value = sources is null ? DBNull.Value : sources.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        var claimed = await InboxColumns.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);

        // RETURNING gives no order: sort oldest first here.
        return [.. claimed.OrderBy(e => e.Entry.ReceivedAt).ThenBy(e => e.Id)];
    }

    /// <inheritdoc/>
    public async Task<InboxEvent?> RenewAsync(InboxEvent claimed, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var claim = InboxColumns.Claim(claimed);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        await using var command = _data.CreateCommand($"UPDATE webhook_inbox SET claimed_until_us = $3 WHERE {UnderClaim} RETURNING {InboxColumns.Select}");
        command.Parameters.Add(new NpgsqlParameter { Value = claimed.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = claim });
        command.Parameters.Add(new NpgsqlParameter { Value = InboxColumns.ToMicroseconds(_time.GetUtcNow() + lease) });
        return (await InboxColumns.ReadAllAsync(command, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    /// <inheritdoc/>
    public async Task<bool> CompleteAsync(InboxEvent claimed, CancellationToken cancellationToken = default)
    {
        var claim = InboxColumns.Claim(claimed);
        return await ExecuteAsync(
            $"UPDATE webhook_inbox SET state = 'delivered', attempts = attempts + 1, next_attempt_at_us = NULL, claimed_until_us = NULL WHERE {UnderClaim}",
            [new NpgsqlParameter { Value = claimed.Id }, new NpgsqlParameter { Value = claim }],
            cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc/>
    public async Task<bool> ReleaseAsync(InboxEvent claimed, CancellationToken cancellationToken = default)
    {
        var claim = InboxColumns.Claim(claimed);
        return await ExecuteAsync(
            $"UPDATE webhook_inbox SET claimed_until_us = NULL WHERE {UnderClaim}",
            [new NpgsqlParameter { Value = claimed.Id }, new NpgsqlParameter { Value = claim }],
            cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc/>
    public async Task<bool> FailAsync(InboxEvent claimed, string reason, DateTimeOffset? retryAt, CancellationToken cancellationToken = default)
    {
        var claim = InboxColumns.Claim(claimed);
        return await ExecuteAsync(
            $"""
            UPDATE webhook_inbox
            SET attempts = attempts + 1, last_error = $3, claimed_until_us = NULL,
                state = CASE WHEN $4::bigint IS NULL THEN 'dead_lettered' ELSE 'pending' END, next_attempt_at_us = $4
            WHERE {UnderClaim}
            """,
            [
                new NpgsqlParameter { Value = claimed.Id },
                new NpgsqlParameter { Value = claim },
                new NpgsqlParameter { Value = InboxColumns.Reason(reason) },
                new NpgsqlParameter { Value = retryAt is { } at ? InboxColumns.ToMicroseconds(at) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint },
            ],
            cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<InboxEvent>> ListAsync(InboxState? state = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var command = _data.CreateCommand($"SELECT {InboxColumns.Select} FROM webhook_inbox WHERE $1::text IS NULL OR state = $1 ORDER BY id DESC LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { Value = state is { } s ? InboxColumns.ToText(s) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = Math.Max(0, limit) });
        return await InboxColumns.ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>Works in steps of <see cref="InboxPruning.Step"/> rows; receivers sharing the database find a deleted
    /// key gone at once.</remarks>
    public Task<long> PruneDeliveredAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken = default)
    {
        var cutoff = InboxColumns.ToMicroseconds(receivedBefore);
        return InboxPruning.RunAsync(async after =>
        {
            await using var scan = _data.CreateCommand();
            var (last, reachedCutoff) = await InboxPruning.ScanAsync(scan, after, cutoff, cancellationToken).ConfigureAwait(false);
            if (last is not { } through)
            {
                return (null, false, 0);
            }

            await using var delete = _data.CreateCommand($"DELETE FROM webhook_inbox WHERE {InboxPruning.Condition}");
            InboxPruning.BindDelete(delete, after, through, cutoff);
            return (last, reachedCutoff, await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false));
        });
    }

    /// <inheritdoc/>
    public async Task<bool> ReplayAsync(long id, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            "UPDATE webhook_inbox SET state = 'pending', attempts = 0, next_attempt_at_us = $2, claimed_until_us = NULL WHERE id = $1",
            [new NpgsqlParameter { Value = id }, new NpgsqlParameter { Value = InboxColumns.ToMicroseconds(_time.GetUtcNow()) }],
            cancellationToken).ConfigureAwait(false) > 0;

    /// <summary>Writes every queued add, then closes the connection pool.</summary>
    /// <returns>A task that completes when closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _adds.DisposeAsync().ConfigureAwait(false);
        await _data.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Writes one group-commit batch as one statement, so one commit covers it, on the group commit's
    /// writer thread (synchronous I/O there: the thread exists to wait).</summary>
    private bool[] WriteBatch(IReadOnlyList<PendingAdd> batch)
    {
        // Only the first of several adds of one key in a batch can be stored; the rest are duplicates of it. Only
        // the first occurrences go to the database, so RETURNING (source, key) names exactly the stored ones.
        var first = new Dictionary<(string, string), int>();
        var candidates = new List<PendingAdd>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (first.TryAdd((batch[i].Entry.Source, batch[i].Entry.IdempotencyKey), i))
            {
                candidates.Add(batch[i]);
            }
        }

        using var insert = _data.CreateCommand("""
            INSERT INTO webhook_inbox (source, idempotency_key, event_type, payload, received_at_us, state, attempts, next_attempt_at_us)
            SELECT u.source, u.key, u.type, u.payload, u.received, 'pending', 0, $6
            FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::bigint[]) WITH ORDINALITY AS u(source, key, type, payload, received, n)
            ORDER BY u.n
            ON CONFLICT (source, idempotency_key) DO NOTHING
            RETURNING source, idempotency_key
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = candidates.Select(c => c.Entry.Source).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = candidates.Select(c => c.Entry.IdempotencyKey).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = candidates.Select(c => c.Entry.EventType).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = candidates.Select(c => c.Payload).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        insert.Parameters.Add(new NpgsqlParameter { Value = candidates.Select(c => InboxColumns.ToMicroseconds(c.Entry.ReceivedAt)).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = InboxColumns.ToMicroseconds(_time.GetUtcNow()) });

        var stored = new bool[batch.Count];
        using var reader = insert.ExecuteReader();
        while (reader.Read())
        {
            stored[first[(reader.GetString(0), reader.GetString(1))]] = true;
        }

        return stored;
    }

    private async Task<int> ExecuteAsync(string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        await using var command = _data.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
