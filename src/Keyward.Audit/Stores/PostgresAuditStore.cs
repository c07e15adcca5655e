using System.Data;
using System.Runtime.CompilerServices;
using Keyward.Audit.Chain;
using Keyward.Audit.Verification;
using Npgsql;
using NpgsqlTypes;

namespace Keyward.Audit.Stores;

/// <summary>The shared store: PostgreSQL, for several machines writing one audit trail. Writers serialize on a
/// transaction-scoped advisory lock; a trigger refuses UPDATE and DELETE.</summary>
internal sealed class PostgresAuditStore : IAuditStore
{
    /// <summary>The advisory lock key every writer takes (an arbitrary constant: "KWAL").</summary>
    private const long LockKey = 0x4B57_414C;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS audit_meta (name text PRIMARY KEY, value text NOT NULL);
        CREATE TABLE IF NOT EXISTS audit_entries (
            sequence bigint PRIMARY KEY,
            timestamp_us bigint NOT NULL,
            actor text NOT NULL,
            action text NOT NULL,
            resource text NOT NULL,
            succeeded boolean NOT NULL,
            reason text,
            metadata text NOT NULL,
            source text NOT NULL,
            source_id text,
            previous_hash bytea NOT NULL,
            hash bytea NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS audit_entries_source_id ON audit_entries (source, source_id) WHERE source_id IS NOT NULL;
        CREATE OR REPLACE FUNCTION keyward_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
        CREATE OR REPLACE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
            FOR EACH ROW EXECUTE FUNCTION keyward_audit_append_only();
        """;

    private const string Select = "SELECT sequence, timestamp_us, actor, action, resource, succeeded, reason, metadata, source, source_id, previous_hash, hash FROM audit_entries";

    private readonly NpgsqlDataSource _data;

    private PostgresAuditStore(NpgsqlDataSource data, string description)
    {
        _data = data;
        Description = description;
    }

    public string Description { get; }

    public static async Task<PostgresAuditStore> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var description = $"postgres:Host={builder.Host};Port={builder.Port};Database={builder.Database};Username={builder.Username}";
        var store = new PostgresAuditStore(NpgsqlDataSource.Create(builder), description);
        await using var connection = await store._data.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey}); {Schema}", connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    public async Task<IReadOnlyList<AuditEntry?>> AppendAsync(IReadOnlyList<PendingEntry> batch, AuditChain chain, CancellationToken cancellationToken)
    {
        await using var connection = await _data.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey})", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await CheckAlgorithmAsync(connection, transaction, chain, cancellationToken).ConfigureAwait(false);
        var (sequence, previous) = await HeadAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var known = await KnownSourceIdsAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
        var results = new List<AuditEntry?>(batch.Count);
        var appended = new List<AuditEntry>(batch.Count);
        foreach (var pending in batch)
        {
            if (pending.SourceId is not null && !known.Add((pending.Source, pending.SourceId)))
            {
                results.Add(null);
                continue;
            }

            var entry = chain.Link(pending, ++sequence, previous);
            appended.Add(entry);
            results.Add(entry);
            previous = entry.Hash;
        }

        if (appended.Count > 0)
        {
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO audit_entries (sequence, timestamp_us, actor, action, resource, succeeded, reason, metadata, source, source_id, previous_hash, hash)
                SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::text[], $9::text[], $10::text[], $11::bytea[], $12::bytea[])
                """,
                connection,
                transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = appended.Select(e => e.Sequence).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = appended.Select(e => (e.Timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = appended.Select(e => e.Actor).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = appended.Select(e => e.Action).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = appended.Select(e => e.Resource).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = appended.Select(e => e.Succeeded).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = appended.Select(e => e.Reason).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = appended.Select(e => e.Metadata).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = appended.Select(e => e.Source).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = appended.Select(e => e.SourceId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = appended.Select(e => e.PreviousHash).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = appended.Select(e => e.Hash).ToArray() });
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return results;
    }

    public async IAsyncEnumerable<AuditEntry> ReadAsync(long fromSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _data.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"{Select} WHERE sequence >= $1 ORDER BY sequence", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = fromSequence });
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return await ReadAsync(reader, cancellationToken).ConfigureAwait(false);
        }
    }

    public async IAsyncEnumerable<VerificationRow> ReadForVerificationAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entry in ReadAsync(1, cancellationToken).ConfigureAwait(false))
        {
            yield return new VerificationRow(entry.Sequence, entry.PreviousHash, entry.Hash, AuditChain.Encode(entry));
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> TailAsync(int count, CancellationToken cancellationToken)
    {
        await using var connection = await _data.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"{Select} ORDER BY sequence DESC LIMIT $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = count });
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(await ReadAsync(reader, cancellationToken).ConfigureAwait(false));
        }

        entries.Reverse();
        return entries;
    }

    public async Task<string?> AlgorithmAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _data.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT value FROM audit_meta WHERE name = 'algorithm'", connection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    public async Task<DateTimeOffset?> LatestAsync(string source, CancellationToken cancellationToken)
    {
        await using var connection = await _data.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT MAX(timestamp_us) FROM audit_entries WHERE source = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = source });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long us ? DateTimeOffset.UnixEpoch.AddTicks(us * 10) : null;
    }

    public ValueTask DisposeAsync() => _data.DisposeAsync();

    private static async Task<AuditEntry> ReadAsync(NpgsqlDataReader r, CancellationToken cancellationToken) => new(
        r.GetInt64(0),
        DateTimeOffset.UnixEpoch.AddTicks(r.GetInt64(1) * 10),
        r.GetString(2),
        r.GetString(3),
        r.GetString(4),
        r.GetBoolean(5),
        await r.IsDBNullAsync(6, cancellationToken).ConfigureAwait(false) ? null : r.GetString(6),
        r.GetString(7),
        r.GetString(8),
        await r.IsDBNullAsync(9, cancellationToken).ConfigureAwait(false) ? null : r.GetString(9),
        r.GetFieldValue<byte[]>(10),
        r.GetFieldValue<byte[]>(11));

    private static async Task<(long Sequence, byte[] Hash)> HeadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT sequence, hash FROM audit_entries ORDER BY sequence DESC LIMIT 1", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : (0, AuditChain.Genesis);
    }

    private static async Task<HashSet<(string, string)>> KnownSourceIdsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PendingEntry> batch, CancellationToken cancellationToken)
    {
        var known = new HashSet<(string, string)>();
        foreach (var group in batch.Where(p => p.SourceId is not null).GroupBy(p => p.Source))
        {
            await using var command = new NpgsqlCommand("SELECT source_id FROM audit_entries WHERE source = $1 AND source_id = ANY($2)", connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = group.Key });
            command.Parameters.Add(new NpgsqlParameter { Value = group.Select(p => p.SourceId!).ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                known.Add((group.Key, reader.GetString(0)));
            }
        }

        return known;
    }

    private static async Task CheckAlgorithmAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditChain chain, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO audit_meta (name, value) VALUES ('algorithm', @algorithm) ON CONFLICT (name) DO NOTHING; SELECT value FROM audit_meta WHERE name = 'algorithm'",
            connection,
            transaction);
        command.Parameters.AddWithValue("algorithm", chain.Algorithm);
        var stored = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (stored != chain.Algorithm)
        {
            throw new AuditConfigurationException(
                $"the audit log is chained with {stored}, but this writer uses {chain.Algorithm}; configure the same HMAC key (--key) as the log's other writers");
        }
    }
}
