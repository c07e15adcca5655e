using Keyward.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace Keyward.Audit.Tests.Stores;

public sealed class SqliteFixture : StoreFixture
{
    private readonly TempDirectory _directory = new();

    public string Path => System.IO.Path.Combine(_directory.Path, "audit.db");

    public override string Reference => $"sqlite:{Path}";

    public override async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public override Task DropProtectionAsync() =>
        ExecuteAsync("DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete;");

    public override string SwapSql(long a, long b) => $"""
        UPDATE audit_entries SET sequence = -1 WHERE sequence = {a};
        UPDATE audit_entries SET sequence = {a} WHERE sequence = {b};
        UPDATE audit_entries SET sequence = {b} WHERE sequence = -1;
        """;

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
