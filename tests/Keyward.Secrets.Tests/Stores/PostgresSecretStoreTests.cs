using System.Security.Cryptography;
using Keyward.Core.Secrets;
using Keyward.Secrets.Stores;
using Keyward.Tests.Shared;
using Npgsql;

namespace Keyward.Secrets.Tests.Stores;

/// <summary>The contract against a fresh schema in the throwaway PostgreSQL of scripts/test.sh (KEYWARD_TEST_POSTGRES).</summary>
public sealed class PostgresSecretStoreTests : SecretStoreContract
{
    private readonly TempDirectory _directory = new();
    private readonly string _admin;
    private readonly string _schema = "secrets_" + Guid.NewGuid().ToString("N")[..12];

    public PostgresSecretStoreTests()
    {
        _admin = Environment.GetEnvironmentVariable("KEYWARD_TEST_POSTGRES")
            ?? throw new InvalidOperationException("KEYWARD_TEST_POSTGRES is not set: run the tests with scripts/test.sh, which starts a throwaway PostgreSQL");
        using (var connection = new NpgsqlConnection(_admin))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
            command.ExecuteNonQuery();
        }

        KeyFile = Path.Combine(_directory.Path, "master.key");
        Store = new PostgresSecretStore(KeyFile);
    }

    protected override ISecretStore Store { get; }

    private string KeyFile { get; }

    private string ConnectionString => new NpgsqlConnectionStringBuilder(_admin) { SearchPath = _schema }.ToString();

    [Fact]
    public async Task ValuesAreSealed_AndBoundToTheirRow()
    {
        var first = Reference("A");
        var second = Reference("B");
        await Store.PutAsync(first, new SecretValue("value-a-0123456789"), SecretLabels.Current);
        await Store.PutAsync(second, new SecretValue("value-b-0123456789"), SecretLabels.Current);

        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var plain = new NpgsqlCommand("SELECT count(*) FROM keyward_secrets WHERE position(convert_to('value-a', 'UTF8') in sealed_value) > 0", connection);
            Assert.Equal(0L, (long)(await plain.ExecuteScalarAsync())!);
            await using var swap = new NpgsqlCommand("UPDATE keyward_secrets SET sealed_value = (SELECT sealed_value FROM keyward_secrets WHERE name = 'B') WHERE name = 'A'", connection);
            await swap.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<SecretStoreException>(() => Store.GetAsync(first, SecretLabels.Current).AsTask());
        Assert.Contains("was modified", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WrongMasterKey_IsAClearError()
    {
        await Store.PutAsync(Reference("A"), new SecretValue("value-a-0123456789"), SecretLabels.Current);
        await File.WriteAllTextAsync(KeyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        var error = await Assert.ThrowsAsync<SecretStoreException>(() => Store.GetAsync(Reference("A"), SecretLabels.Current).AsTask());

        Assert.Contains("master key", error.Message, StringComparison.Ordinal);
    }

    protected override SecretReference Reference(string name) => SecretReference.Parse($"postgres:{ConnectionString}#{name}");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            NpgsqlConnection.ClearAllPools();
            using (var connection = new NpgsqlConnection(_admin))
            {
                connection.Open();
                using var command = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", connection);
                command.ExecuteNonQuery();
            }

            _directory.Dispose();
        }

        base.Dispose(disposing);
    }
}
