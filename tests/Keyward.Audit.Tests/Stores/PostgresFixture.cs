using Npgsql;

namespace Keyward.Audit.Tests.Stores;

/// <summary>A fresh schema in the throwaway PostgreSQL that scripts/test.sh starts (KEYWARD_TEST_POSTGRES).</summary>
public sealed class PostgresFixture : StoreFixture
{
    private readonly string _admin;
    private readonly string _schema = "audit_" + Guid.NewGuid().ToString("N")[..12];

    public PostgresFixture()
    {
        _admin = Environment.GetEnvironmentVariable("KEYWARD_TEST_POSTGRES")
            ?? throw new InvalidOperationException("KEYWARD_TEST_POSTGRES is not set: run the tests with scripts/test.sh, which starts a throwaway PostgreSQL");
        using var connection = new NpgsqlConnection(_admin);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
        command.ExecuteNonQuery();
    }

    public string ConnectionString => new NpgsqlConnectionStringBuilder(_admin) { SearchPath = _schema }.ToString();

    public override string Reference => $"postgres:{ConnectionString}";

    public override async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public override Task DropProtectionAsync() => ExecuteAsync("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only");

    public override string SwapSql(long a, long b) => $"""
        UPDATE audit_entries SET sequence = -1 WHERE sequence = {a};
        UPDATE audit_entries SET sequence = {a} WHERE sequence = {b};
        UPDATE audit_entries SET sequence = {b} WHERE sequence = -1;
        """;

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
