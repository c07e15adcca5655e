using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Keyward.Core.IO;
using Keyward.Core.Secrets;
using Keyward.Secrets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Keyward.Rotation;

/// <summary>The write-ahead journal of key rotations: a SQLite file (default <c>.keyward/rotations.db</c>, owner-only,
/// written with <c>synchronous = FULL</c> so a step it acknowledged survives a crash or power loss), or PostgreSQL for
/// a team that rotates from several machines (<c>postgres:CONNECTION STRING</c>).</summary>
/// <remarks>
/// <para>One open rotation per secret: a unique index refuses a second, so two processes cannot rotate the same key
/// at once; <see cref="Lock(RotationRecord)"/> keeps two from resuming the same rotation (a lock file beside the
/// SQLite journal, a session advisory lock in PostgreSQL; either is dropped when its process dies).</para>
/// <para>The new key's value and the secret's full reference (which may hold a database password) are sealed with
/// the master key (<see cref="SecretSeal"/>), bound to the rotation id. Every change also appends an event, the
/// rotation's history (<see cref="Events(string)"/>).</para>
/// </remarks>
public sealed class RotationJournal : IDisposable
{
    /// <summary>The journal's default path, relative to the working directory.</summary>
    public const string DefaultPath = ".keyward/rotations.db";

    private const string Tables = """
        CREATE TABLE IF NOT EXISTS keyward_rotations (
            id TEXT PRIMARY KEY,
            secret TEXT NOT NULL,
            secret_id TEXT NOT NULL,
            secret_sealed BLOB_TYPE NOT NULL,
            step TEXT NOT NULL,
            old_key_id TEXT NOT NULL,
            old_key_name TEXT NOT NULL,
            scopes TEXT NOT NULL,
            new_key_name TEXT NOT NULL,
            new_key_id TEXT,
            new_key_sealed BLOB_TYPE,
            pending_version TEXT,
            grace_ms BIGINT NOT NULL,
            promoted_at TEXT,
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            failure TEXT);
        CREATE UNIQUE INDEX IF NOT EXISTS keyward_one_open_rotation_per_secret ON keyward_rotations (secret_id) WHERE step NOT IN ('Done', 'Failed');
        CREATE TABLE IF NOT EXISTS keyward_rotation_events (
            seq SERIAL_TYPE,
            rotation_id TEXT NOT NULL REFERENCES keyward_rotations (id),
            at TEXT NOT NULL,
            step TEXT NOT NULL,
            detail TEXT NOT NULL);
        """;

    private const string Columns = "id, secret, step, old_key_id, old_key_name, scopes, new_key_name, new_key_id, pending_version, grace_ms, promoted_at, started_at, updated_at, failure";

    private readonly DbConnection _connection;
    private readonly SecretSeal _seal;
    private readonly TimeProvider _time;
    private readonly string _location;
    private readonly bool _postgres;
    private DbTransaction? _transaction;

    private RotationJournal(string location, DbConnection connection, bool postgres, SecretSeal seal, TimeProvider time)
    {
        _location = location;
        _connection = connection;
        _postgres = postgres;
        _seal = seal;
        _time = time;
    }

    /// <summary>Opens (or creates) a journal.</summary>
    /// <param name="location">A path (or <c>sqlite:PATH</c>; the file is created owner-only), or
    /// <c>postgres:CONNECTION STRING</c>; default <see cref="DefaultPath"/>.</param>
    /// <param name="seal">Seals the new key's value; default the master key's.</param>
    /// <param name="time">The clock.</param>
    /// <returns>The journal.</returns>
    public static RotationJournal Open(string? location = null, SecretSeal? seal = null, TimeProvider? time = null)
    {
        location ??= DefaultPath;
        seal ??= new SecretSeal();
        time ??= TimeProvider.System;
        if (location.StartsWith("postgres:", StringComparison.Ordinal))
        {
            var postgres = new NpgsqlConnection(location["postgres:".Length..]);
            postgres.Open();
            using (var schema = postgres.BeginTransaction())
            {
                Execute(postgres, schema, "SELECT pg_advisory_xact_lock(hashtext('keyward_rotations'))");
                Execute(postgres, schema, Schema("BYTEA", "BIGSERIAL PRIMARY KEY"));
                schema.Commit();
            }

            return new RotationJournal("the PostgreSQL rotation journal", postgres, postgres: true, seal, time);
        }

        var path = Path.GetFullPath(location.StartsWith("sqlite:", StringComparison.Ordinal) ? location["sqlite:".Length..] : location);
        PrivateFile.EnsureExists(path);

        var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString());
        sqlite.Open();
        // A pragma that returns a row comes last in its command: Microsoft.Data.Sqlite drops the errors of the
        // statements after one that does (dotnet/efcore#32740).
        Execute(sqlite, null, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;");
        Execute(sqlite, null, "PRAGMA journal_mode = WAL;");
        Execute(sqlite, null, Schema("BLOB", "INTEGER PRIMARY KEY AUTOINCREMENT"));
        return new RotationJournal(path, sqlite, postgres: false, seal, time);
    }

    /// <summary>Records a planned rotation.</summary>
    /// <param name="record">The plan, at <see cref="RotationStep.Planned"/>.</param>
    /// <param name="secret">The rotated secret (its full reference is sealed).</param>
    /// <returns>The journaled record.</returns>
    /// <exception cref="RotationException">Another rotation of the same secret is open.</exception>
    public RotationRecord Begin(RotationRecord record, SecretReference secret)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(secret);
        try
        {
            InTransaction(() =>
            {
                NonQuery(
                    """
                    INSERT INTO keyward_rotations (id, secret, secret_id, secret_sealed, step, old_key_id, old_key_name, scopes, new_key_name, grace_ms, started_at, updated_at)
                    VALUES (@id, @secret, @secret_id, @secret_sealed, @step, @old_key_id, @old_key_name, @scopes, @new_key_name, @grace_ms, @started_at, @started_at)
                    """,
                ("@id", record.Id),
                ("@secret", record.Secret),
                ("@secret_id", SecretId(secret)),
                ("@secret_sealed", _seal.Seal(secret.Raw, Context(record.Id, "secret"))),
                ("@step", record.Step.ToString()),
                ("@old_key_id", record.OldKeyId),
                ("@old_key_name", record.OldKeyName),
                ("@scopes", record.Scopes),
                ("@new_key_name", record.NewKeyName),
                ("@grace_ms", (long)record.Grace.TotalMilliseconds),
                ("@started_at", Text(record.StartedAt)));
                AppendEvent(record.Id, record.Step, $"planned: replace key {record.OldKeyId} ({record.OldKeyName}) with '{record.NewKeyName}', scopes {record.Scopes}");
            });
        }
        catch (DbException e) when (e is SqliteException { SqliteErrorCode: 19 } or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            var open = FindOpen(secret);
            throw new RotationException($"rotation {open?.Id} of {secret} is not finished; resume it with: keyward keys rotate --resume", e);
        }

        return record;
    }

    /// <summary>Journals a completed step (and what changed with it) before the next one acts.</summary>
    /// <param name="record">The record after the step.</param>
    /// <param name="detail">What happened, for the rotation's history; never a secret.</param>
    /// <param name="newKey">The new key's value, journaled (sealed) with <see cref="RotationStep.Created"/>.</param>
    /// <returns>The record with <see cref="RotationRecord.UpdatedAt"/> set.</returns>
    public RotationRecord Advance(RotationRecord record, string detail, SecretValue? newKey = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        record = record with { UpdatedAt = _time.GetUtcNow() };
        InTransaction(() =>
        {
            var updated = NonQuery(
                """
                UPDATE keyward_rotations SET step = @step, new_key_id = @new_key_id, pending_version = @pending_version, promoted_at = @promoted_at,
                    updated_at = @updated_at, failure = @failure,
                    new_key_sealed = CASE WHEN @erase THEN NULL ELSE coalesce(@new_key_sealed, new_key_sealed) END
                WHERE id = @id
                """,
                ("@id", record.Id),
                ("@step", record.Step.ToString()),
                ("@new_key_id", record.NewKeyId),
                ("@pending_version", record.PendingVersion),
                ("@promoted_at", record.PromotedAt is { } promoted ? Text(promoted) : null),
                ("@updated_at", Text(record.UpdatedAt)),
                ("@failure", record.Failure),
                ("@erase", record.IsFinished),
                ("@new_key_sealed", newKey is null ? null : _seal.Seal(newKey.Reveal(), Context(record.Id, record.NewKeyId))));
            if (updated != 1)
            {
                throw new RotationException($"rotation {record.Id} is not in the journal {_location}");
            }

            AppendEvent(record.Id, record.Step, detail);
        });
        return record;
    }

    /// <summary>Notes something about a rotation without changing its step (an orphan revoked, a revocation held).</summary>
    /// <param name="record">The rotation.</param>
    /// <param name="detail">What happened; never a secret.</param>
    public void Note(RotationRecord record, string detail)
    {
        ArgumentNullException.ThrowIfNull(record);
        InTransaction(() => AppendEvent(record.Id, record.Step, detail));
    }

    /// <summary>Opens the new key's value journaled at <see cref="RotationStep.Created"/>.</summary>
    /// <param name="record">The rotation.</param>
    /// <returns>The value.</returns>
    /// <exception cref="RotationException">The journal holds no value for it (finished, or not created yet).</exception>
    public SecretValue OpenNewKey(RotationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sealedValue = Scalar("SELECT new_key_sealed FROM keyward_rotations WHERE id = @id", ("@id", record.Id)) as byte[]
            ?? throw new RotationException($"rotation {record.Id} has no journaled key value (step {record.Step})");
        return new SecretValue(_seal.Open(sealedValue, Context(record.Id, record.NewKeyId), $"the new key of rotation {record.Id}"));
    }

    /// <summary>Returns the rotated secret's full reference.</summary>
    /// <param name="record">The rotation.</param>
    /// <returns>The reference.</returns>
    public SecretReference SecretOf(RotationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sealedValue = Scalar("SELECT secret_sealed FROM keyward_rotations WHERE id = @id", ("@id", record.Id)) as byte[]
            ?? throw new RotationException($"rotation {record.Id} is not in the journal {_location}");
        return SecretReference.Parse(_seal.Open(sealedValue, Context(record.Id, "secret"), $"the secret reference of rotation {record.Id}"));
    }

    /// <summary>Reads a rotation as the journal holds it now.</summary>
    /// <param name="rotationId">The rotation.</param>
    /// <returns>The rotation.</returns>
    /// <exception cref="RotationException">The journal does not hold it.</exception>
    public RotationRecord Get(string rotationId) =>
        Query($"SELECT {Columns} FROM keyward_rotations WHERE id = @id", ("@id", rotationId)).SingleOrDefault()
        ?? throw new RotationException($"rotation {rotationId} is not in the journal {_location}");

    /// <summary>Finds the unfinished rotation of a secret.</summary>
    /// <param name="secret">The secret.</param>
    /// <returns>The rotation, or null.</returns>
    public RotationRecord? FindOpen(SecretReference secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Query($"SELECT {Columns} FROM keyward_rotations WHERE secret_id = @secret_id AND step NOT IN ('Done', 'Failed')", ("@secret_id", SecretId(secret))).SingleOrDefault();
    }

    /// <summary>Lists rotations, newest first.</summary>
    /// <param name="openOnly">Only the unfinished ones.</param>
    /// <returns>The rotations.</returns>
    public IReadOnlyList<RotationRecord> List(bool openOnly = false) =>
        Query($"SELECT {Columns} FROM keyward_rotations {(openOnly ? "WHERE step NOT IN ('Done', 'Failed')" : string.Empty)} ORDER BY started_at DESC, id DESC");

    /// <summary>Returns a rotation's history, oldest first.</summary>
    /// <param name="rotationId">The rotation.</param>
    /// <returns>(when, step, what happened) rows.</returns>
    public IReadOnlyList<(DateTimeOffset At, RotationStep Step, string Detail)> Events(string rotationId)
    {
        using var command = Command("SELECT at, step, detail FROM keyward_rotation_events WHERE rotation_id = @id ORDER BY seq", ("@id", rotationId));
        using var reader = command.ExecuteReader();
        var events = new List<(DateTimeOffset, RotationStep, string)>();
        while (reader.Read())
        {
            events.Add((Time(reader.GetString(0)), Enum.Parse<RotationStep>(reader.GetString(1)), reader.GetString(2)));
        }

        return events;
    }

    /// <summary>Takes the lock that keeps two processes from running the same rotation; the operating system drops it
    /// if this process dies.</summary>
    /// <param name="record">The rotation.</param>
    /// <returns>The lock; dispose it when the run ends.</returns>
    /// <exception cref="RotationException">Another process is running the rotation.</exception>
    public IDisposable Lock(RotationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var busy = new RotationException($"rotation {record.Id} is running in another process; wait for it, or stop it and resume");
        if (!_postgres)
        {
            return FileLock.TryAcquire($"{_location}.{record.Id}.lock") ?? throw busy;
        }

        return Scalar("SELECT pg_try_advisory_lock(hashtext(@id))", ("@id", record.Id)) is true
            ? new AdvisoryLock(this, record.Id)
            : throw busy;
    }

    /// <inheritdoc/>
    public void Dispose() => _connection.Dispose();

    private static void Execute(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static string Schema(string blobType, string serialType) =>
        Tables.Replace("BLOB_TYPE", blobType, StringComparison.Ordinal).Replace("SERIAL_TYPE", serialType, StringComparison.Ordinal);

    private static string SecretId(SecretReference secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret.Raw)));

    private static string Context(string rotationId, string? what) => $"keyward-rotation/1\n{rotationId}\n{what}";

    private static string Text(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private void AppendEvent(string rotationId, RotationStep step, string detail) =>
        NonQuery(
            "INSERT INTO keyward_rotation_events (rotation_id, at, step, detail) VALUES (@id, @at, @step, @detail)",
            ("@id", rotationId),
            ("@at", Text(_time.GetUtcNow())),
            ("@step", step.ToString()),
            ("@detail", detail));

    private List<RotationRecord> Query(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        using var reader = command.ExecuteReader();
        var records = new List<RotationRecord>();
        while (reader.Read())
        {
            records.Add(new RotationRecord(
                reader.GetString(0),
                reader.GetString(1),
                Enum.Parse<RotationStep>(reader.GetString(2)),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                TimeSpan.FromMilliseconds(reader.GetInt64(9)),
                reader.IsDBNull(10) ? null : Time(reader.GetString(10)),
                Time(reader.GetString(11)),
                Time(reader.GetString(12)),
                reader.IsDBNull(13) ? null : reader.GetString(13)));
        }

        return records;
    }

    private void InTransaction(Action work)
    {
        using var transaction = _connection.BeginTransaction();
        _transaction = transaction;
        try
        {
            work();
            transaction.Commit();
        }
        finally
        {
            _transaction = null;
        }
    }

    private int NonQuery(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    private object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteScalar();
    }

    private DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null && name.EndsWith("_sealed", StringComparison.Ordinal))
            {
                parameter.DbType = System.Data.DbType.Binary;
            }

            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>A PostgreSQL session advisory lock on one rotation; released on dispose, or when the session ends.</summary>
    private sealed class AdvisoryLock(RotationJournal journal, string rotationId) : IDisposable
    {
        public void Dispose() => journal.Scalar("SELECT pg_advisory_unlock(hashtext(@id))", ("@id", rotationId));
    }
}
