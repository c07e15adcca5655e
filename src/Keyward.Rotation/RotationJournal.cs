using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Keyward.Core.IO;
using Keyward.Core.Secrets;
using Keyward.Secrets;
using Microsoft.Data.Sqlite;

namespace Keyward.Rotation;

/// <summary>The write-ahead journal of key rotations: a SQLite file (default <c>.keyward/rotations.db</c>, owner-only),
/// written with <c>synchronous = FULL</c> so a step it acknowledged survives a crash or power loss.</summary>
/// <remarks>
/// <para>One open rotation per secret: a unique index refuses a second, so two processes cannot rotate the same key
/// at once; <see cref="Lock(RotationRecord)"/> keeps two from resuming the same rotation.</para>
/// <para>The new key's value and the secret's full reference (which may hold a database password) are sealed with
/// the master key (<see cref="SecretSeal"/>), bound to the rotation id. Every change also appends an event, the
/// rotation's history (<see cref="Events(string)"/>).</para>
/// </remarks>
public sealed class RotationJournal : IDisposable
{
    /// <summary>The journal's default path, relative to the working directory.</summary>
    public const string DefaultPath = ".keyward/rotations.db";

    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS rotations (
            id TEXT PRIMARY KEY,
            secret TEXT NOT NULL,
            secret_id TEXT NOT NULL,
            secret_sealed BLOB NOT NULL,
            step TEXT NOT NULL,
            old_key_id TEXT NOT NULL,
            old_key_name TEXT NOT NULL,
            scopes TEXT NOT NULL,
            new_key_name TEXT NOT NULL,
            new_key_id TEXT,
            new_key_sealed BLOB,
            pending_version TEXT,
            grace_ms INTEGER NOT NULL,
            promoted_at TEXT,
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            failure TEXT);
        CREATE UNIQUE INDEX IF NOT EXISTS one_open_rotation_per_secret ON rotations (secret_id) WHERE step NOT IN ('Done', 'Failed');
        CREATE TABLE IF NOT EXISTS rotation_events (
            rotation_id TEXT NOT NULL REFERENCES rotations (id),
            at TEXT NOT NULL,
            step TEXT NOT NULL,
            detail TEXT NOT NULL);
        """;

    private const string Columns = "id, secret, step, old_key_id, old_key_name, scopes, new_key_name, new_key_id, pending_version, grace_ms, promoted_at, started_at, updated_at, failure";

    private readonly SqliteConnection _connection;
    private readonly SecretSeal _seal;
    private readonly TimeProvider _time;
    private readonly string _path;
    private SqliteTransaction? _transaction;

    private RotationJournal(string path, SqliteConnection connection, SecretSeal seal, TimeProvider time)
    {
        _path = path;
        _connection = connection;
        _seal = seal;
        _time = time;
    }

    /// <summary>Opens (or creates, owner-only) a journal.</summary>
    /// <param name="path">The file; default <see cref="DefaultPath"/>.</param>
    /// <param name="seal">Seals the new key's value; default the master key's.</param>
    /// <param name="time">The clock.</param>
    /// <returns>The journal.</returns>
    public static RotationJournal Open(string? path = null, SecretSeal? seal = null, TimeProvider? time = null)
    {
        path = Path.GetFullPath(path ?? DefaultPath);
        if (!File.Exists(path))
        {
            PrivateFile.CreateNew(path, string.Empty);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON;");
        Execute(connection, Schema);
        return new RotationJournal(path, connection, seal ?? new SecretSeal(), time ?? TimeProvider.System);
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
        using var transaction = Begin();
        try
        {
            NonQuery(
                """
                INSERT INTO rotations (id, secret, secret_id, secret_sealed, step, old_key_id, old_key_name, scopes, new_key_name, grace_ms, started_at, updated_at)
                VALUES ($id, $secret, $secret_id, $secret_sealed, $step, $old_key_id, $old_key_name, $scopes, $new_key_name, $grace_ms, $started_at, $started_at)
                """,
                ("$id", record.Id),
                ("$secret", record.Secret),
                ("$secret_id", SecretId(secret)),
                ("$secret_sealed", _seal.Seal(secret.Raw, Context(record.Id, "secret"))),
                ("$step", record.Step.ToString()),
                ("$old_key_id", record.OldKeyId),
                ("$old_key_name", record.OldKeyName),
                ("$scopes", record.Scopes),
                ("$new_key_name", record.NewKeyName),
                ("$grace_ms", (long)record.Grace.TotalMilliseconds),
                ("$started_at", Text(record.StartedAt)));
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            transaction.Rollback();
            _transaction = null;
            var open = FindOpen(secret);
            throw new RotationException($"rotation {open?.Id} of {secret} is not finished; resume it with: keyward keys rotate --resume", e);
        }

        AppendEvent(record.Id, record.Step, $"planned: replace key {record.OldKeyId} ({record.OldKeyName}) with '{record.NewKeyName}', scopes {record.Scopes}");
        transaction.Commit();
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
        using var transaction = Begin();
        var updated = NonQuery(
            """
            UPDATE rotations SET step = $step, new_key_id = $new_key_id, pending_version = $pending_version, promoted_at = $promoted_at,
                updated_at = $updated_at, failure = $failure,
                new_key_sealed = CASE WHEN $erase THEN NULL ELSE coalesce($new_key_sealed, new_key_sealed) END
            WHERE id = $id
            """,
            ("$id", record.Id),
            ("$step", record.Step.ToString()),
            ("$new_key_id", record.NewKeyId),
            ("$pending_version", record.PendingVersion),
            ("$promoted_at", record.PromotedAt is { } promoted ? Text(promoted) : null),
            ("$updated_at", Text(record.UpdatedAt)),
            ("$failure", record.Failure),
            ("$erase", record.IsFinished),
            ("$new_key_sealed", newKey is null ? null : _seal.Seal(newKey.Reveal(), Context(record.Id, record.NewKeyId))));
        if (updated != 1)
        {
            throw new RotationException($"rotation {record.Id} is not in the journal {_path}");
        }

        AppendEvent(record.Id, record.Step, detail);
        transaction.Commit();
        return record;
    }

    /// <summary>Notes something about a rotation without changing its step (an orphan revoked, a revocation held).</summary>
    /// <param name="record">The rotation.</param>
    /// <param name="detail">What happened; never a secret.</param>
    public void Note(RotationRecord record, string detail)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var transaction = Begin();
        AppendEvent(record.Id, record.Step, detail);
        transaction.Commit();
    }

    /// <summary>Opens the new key's value journaled at <see cref="RotationStep.Created"/>.</summary>
    /// <param name="record">The rotation.</param>
    /// <returns>The value.</returns>
    /// <exception cref="RotationException">The journal holds no value for it (finished, or not created yet).</exception>
    public SecretValue OpenNewKey(RotationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sealedValue = Scalar("SELECT new_key_sealed FROM rotations WHERE id = $id", ("$id", record.Id)) as byte[]
            ?? throw new RotationException($"rotation {record.Id} has no journaled key value (step {record.Step})");
        return new SecretValue(_seal.Open(sealedValue, Context(record.Id, record.NewKeyId), $"the new key of rotation {record.Id}"));
    }

    /// <summary>Returns the rotated secret's full reference.</summary>
    /// <param name="record">The rotation.</param>
    /// <returns>The reference.</returns>
    public SecretReference SecretOf(RotationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sealedValue = Scalar("SELECT secret_sealed FROM rotations WHERE id = $id", ("$id", record.Id)) as byte[]
            ?? throw new RotationException($"rotation {record.Id} is not in the journal {_path}");
        return SecretReference.Parse(_seal.Open(sealedValue, Context(record.Id, "secret"), $"the secret reference of rotation {record.Id}"));
    }

    /// <summary>Finds the unfinished rotation of a secret.</summary>
    /// <param name="secret">The secret.</param>
    /// <returns>The rotation, or null.</returns>
    public RotationRecord? FindOpen(SecretReference secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Query($"SELECT {Columns} FROM rotations WHERE secret_id = $secret_id AND step NOT IN ('Done', 'Failed')", ("$secret_id", SecretId(secret))).SingleOrDefault();
    }

    /// <summary>Lists rotations, newest first.</summary>
    /// <param name="openOnly">Only the unfinished ones.</param>
    /// <returns>The rotations.</returns>
    public IReadOnlyList<RotationRecord> List(bool openOnly = false) =>
        Query($"SELECT {Columns} FROM rotations {(openOnly ? "WHERE step NOT IN ('Done', 'Failed')" : string.Empty)} ORDER BY started_at DESC, rowid DESC");

    /// <summary>Returns a rotation's history, oldest first.</summary>
    /// <param name="rotationId">The rotation.</param>
    /// <returns>(when, step, what happened) rows.</returns>
    public IReadOnlyList<(DateTimeOffset At, RotationStep Step, string Detail)> Events(string rotationId)
    {
        using var command = Command("SELECT at, step, detail FROM rotation_events WHERE rotation_id = $id ORDER BY rowid", ("$id", rotationId));
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
        return FileLock.TryAcquire($"{_path}.{record.Id}.lock")
            ?? throw new RotationException($"rotation {record.Id} is running in another process; wait for it, or stop it and resume");
    }

    /// <inheritdoc/>
    public void Dispose() => _connection.Dispose();

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string SecretId(SecretReference secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret.Raw)));

    private static string Context(string rotationId, string? what) => $"keyward-rotation/1\n{rotationId}\n{what}";

    private static string Text(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private void AppendEvent(string rotationId, RotationStep step, string detail) =>
        NonQuery(
            "INSERT INTO rotation_events (rotation_id, at, step, detail) VALUES ($id, $at, $step, $detail)",
            ("$id", rotationId),
            ("$at", Text(_time.GetUtcNow())),
            ("$step", step.ToString()),
            ("$detail", detail));

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

    private SqliteTransaction Begin() => _transaction = _connection.BeginTransaction();

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

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction is { Connection: not null } active ? active : null;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
