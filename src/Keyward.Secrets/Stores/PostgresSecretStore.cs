using Keyward.Core.Secrets;
using Npgsql;

namespace Keyward.Secrets.Stores;

/// <summary><c>postgres:CONNECTION STRING#NAME</c>: secrets shared by a team in PostgreSQL, each value sealed with
/// AES-256-GCM under the same master key as the vault file, bound to its name and version so rows cannot be
/// swapped. Writers serialize per secret on a transaction-scoped advisory lock.</summary>
public sealed class PostgresSecretStore : ISecretStore
{
    /// <summary>The scheme this store handles.</summary>
    public const string Scheme = "postgres";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS keyward_secrets (
            seq bigserial,
            name text NOT NULL,
            version_id text NOT NULL,
            created timestamptz NOT NULL,
            sealed_value bytea NOT NULL,
            labels text[] NOT NULL DEFAULT '{}',
            PRIMARY KEY (name, version_id));
        """;

    /// <summary>Connection strings whose schema this process has already ensured.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Ensured = new(StringComparer.Ordinal);

    private readonly SecretSeal _seal;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="PostgresSecretStore"/> class.</summary>
    /// <param name="masterKeyFile">The key file when <c>KEYWARD_MASTER_KEY</c> is not set; default <c>~/.keyward/master.key</c>.</param>
    /// <param name="time">The clock for version dates.</param>
    public PostgresSecretStore(string? masterKeyFile = null, TimeProvider? time = null)
    {
        _seal = new SecretSeal(masterKeyFile);
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public event EventHandler<SecretReference>? Changed;

    /// <inheritdoc/>
    public bool IsReadOnly => false;

    /// <inheritdoc/>
    public bool CanResolve(SecretReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return reference.Scheme == Scheme;
    }

    /// <inheritdoc/>
    public ValueTask<SecretValue> ResolveAsync(SecretReference reference, CancellationToken cancellationToken = default) =>
        GetAsync(reference, SecretLabels.Current, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask<SecretValue> GetAsync(SecretReference reference, string label, CancellationToken cancellationToken = default)
    {
        var (connectionString, name) = Locate(reference);
        await using var connection = await OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT version_id, sealed_value FROM keyward_secrets WHERE name = $1 AND $2 = ANY(labels)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = label });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new SecretValue(Open(name, reader.GetString(0), reader.GetFieldValue<byte[]>(1)))
            : throw new SecretNotFoundException($"{Display(reference)} has no version labelled '{label}'");
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<SecretVersionInfo>> GetVersionsAsync(SecretReference reference, CancellationToken cancellationToken = default)
    {
        var (connectionString, name) = Locate(reference);
        await using var connection = await OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT version_id, created, labels FROM keyward_secrets WHERE name = $1 ORDER BY seq DESC", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        var versions = new List<SecretVersionInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            versions.Add(new SecretVersionInfo(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<string[]>(2)));
        }

        return versions;
    }

    /// <inheritdoc/>
    public async ValueTask<string> PutAsync(SecretReference reference, SecretValue value, string label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        SecretLabels.EnsureForNewVersion(label);

        var (connectionString, name) = Locate(reference);
        var id = Guid.CreateVersion7(_time.GetUtcNow()).ToString("N");
        await using var connection = await OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
        await using var transaction = await LockAsync(connection, name, cancellationToken).ConfigureAwait(false);
        var sql = label == SecretLabels.Current
            ? """
              UPDATE keyward_secrets SET labels = array_remove(labels, 'previous') WHERE name = @name;
              UPDATE keyward_secrets SET labels = array_append(array_remove(labels, 'current'), 'previous') WHERE name = @name AND 'current' = ANY(labels);
              """
            : "UPDATE keyward_secrets SET labels = array_remove(labels, 'pending') WHERE name = @name;";
        await using (var move = new NpgsqlCommand(sql + "INSERT INTO keyward_secrets (name, version_id, created, sealed_value, labels) VALUES (@name, @id, @created, @value, ARRAY[@label]);", connection, transaction))
        {
            move.Parameters.AddWithValue("name", name);
            move.Parameters.AddWithValue("id", id);
            move.Parameters.AddWithValue("created", _time.GetUtcNow());
            move.Parameters.AddWithValue("value", Seal(name, id, value.Reveal()));
            move.Parameters.AddWithValue("label", label);
            await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Changed?.Invoke(this, reference);
        return id;
    }

    /// <inheritdoc/>
    public async ValueTask PromoteAsync(SecretReference reference, string versionId, CancellationToken cancellationToken = default)
    {
        var (connectionString, name) = Locate(reference);
        await using var connection = await OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
        await using var transaction = await LockAsync(connection, name, cancellationToken).ConfigureAwait(false);
        string[]? labels;
        await using (var read = new NpgsqlCommand("SELECT labels FROM keyward_secrets WHERE name = $1 AND version_id = $2", connection, transaction))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = name });
            read.Parameters.Add(new NpgsqlParameter { Value = versionId });
            labels = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string[];
        }

        if (labels is null)
        {
            throw new SecretStoreException($"{Display(reference)} has no version {versionId}");
        }

        if (labels.Contains(SecretLabels.Current))
        {
            return; // already promoted
        }

        if (!labels.Contains(SecretLabels.Pending))
        {
            throw new SecretStoreException($"version {versionId} of {Display(reference)} is not pending; only the pending version can be promoted");
        }

        await using (var move = new NpgsqlCommand(
            """
            UPDATE keyward_secrets SET labels = array_remove(labels, 'previous') WHERE name = @name;
            UPDATE keyward_secrets SET labels = array_append(array_remove(labels, 'current'), 'previous') WHERE name = @name AND 'current' = ANY(labels);
            UPDATE keyward_secrets SET labels = array_append(array_remove(labels, 'pending'), 'current') WHERE name = @name AND version_id = @id;
            """,
            connection,
            transaction))
        {
            move.Parameters.AddWithValue("name", name);
            move.Parameters.AddWithValue("id", versionId);
            await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Changed?.Invoke(this, reference);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<string>> ListAsync(string? location = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        await using var connection = await OpenAsync(location, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT DISTINCT name FROM keyward_secrets ORDER BY name", connection);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static (string ConnectionString, string Name) Locate(SecretReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var hash = reference.Location.LastIndexOf('#');
        return reference.Scheme != Scheme || hash <= 0 || hash == reference.Location.Length - 1
            ? throw new SecretStoreException("a postgres secret reference must be postgres:CONNECTION STRING#NAME, for example postgres:Host=db;Database=keyward;Username=keyward#instantly/prod")
            : (reference.Location[..hash], reference.Location[(hash + 1)..]);
    }

    /// <summary>The reference for messages: the secret's name, never the connection string (it may hold a password).</summary>
    private static string Display(SecretReference reference) => $"postgres:…#{Locate(reference).Name}";

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (!Ensured.ContainsKey(connectionString))
        {
            // Concurrent CREATE TABLE IF NOT EXISTS can still collide; one lock makes the first use safe.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var schema = new NpgsqlCommand($"SELECT pg_advisory_xact_lock(hashtext('keyward_secrets_schema')); {Schema}", connection, transaction))
            {
                await schema.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            Ensured[connectionString] = true;
        }

        return connection;
    }

    private static async Task<NpgsqlTransaction> LockAsync(NpgsqlConnection connection, string name, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('keyward_secret:' || $1))", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return transaction;
    }

    private byte[] Seal(string name, string versionId, string value) => _seal.Seal(value, Binding(name, versionId));

    private string Open(string name, string versionId, byte[] sealedValue) => _seal.Open(sealedValue, Binding(name, versionId), $"secret '{name}' version {versionId}");

    /// <summary>Authenticated data: a sealed value only opens under its own name and version.</summary>
    private static string Binding(string name, string versionId) => $"keyward-secret/1\n{name}\n{versionId}";
}
