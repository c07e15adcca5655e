using Keyward.Secrets;
using Npgsql;

namespace Keyward.Rotation.Tests;

/// <summary>The journal contract against a fresh schema in the throwaway PostgreSQL of scripts/test.sh
/// (KEYWARD_TEST_POSTGRES).</summary>
public sealed class PostgresRotationJournalTests : RotationJournalContract
{
    private readonly string _connectionString;

    public PostgresRotationJournalTests()
    {
        var admin = Environment.GetEnvironmentVariable("KEYWARD_TEST_POSTGRES")
            ?? throw new InvalidOperationException("KEYWARD_TEST_POSTGRES is not set: run the tests with scripts/test.sh, which starts a throwaway PostgreSQL");
        var schema = "rotation_" + Guid.NewGuid().ToString("N")[..12];
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            command.ExecuteNonQuery();
        }

        _connectionString = new NpgsqlConnectionStringBuilder(admin) { SearchPath = schema }.ToString();
    }

    protected override RotationJournal Open(SecretSeal? seal = null) =>
        RotationJournal.Open($"postgres:{_connectionString}", seal ?? MasterSeal(), new FixedTime(Now));
}
