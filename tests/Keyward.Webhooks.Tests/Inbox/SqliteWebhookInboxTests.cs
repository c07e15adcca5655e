using Keyward.Tests.Shared;
using Keyward.Webhooks.Inbox;
using Microsoft.Data.Sqlite;

namespace Keyward.Webhooks.Tests.Inbox;

public sealed class SqliteWebhookInboxTests : WebhookInboxContract, IDisposable
{
    private readonly TempDirectory _directory = new();

    private string Path => System.IO.Path.Combine(_directory.Path, ".keyward", "webhooks.db");

    protected override string Location => $"sqlite:{Path}";

    public void Dispose() => _directory.Dispose();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true, DefaultTimeout = 30 }.ToString());
        SqliteConnection.ClearPool(connection);
    }

    [Fact]
    public async Task Open_CreatesTheFileOwnerOnly_WithWal()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using var inbox = WebhookInboxes.Open(Path);
        await inbox.AddAsync(new InboxEntry("instantly", "evt-1", "reply_received", new byte[] { 1 }, DateTimeOffset.UnixEpoch));

        // Hold a connection of our own: SQLite deletes the -wal file when the last connection closes.
        await using var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM webhook_inbox";
        Assert.Equal(1L, await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path + "-wal"));
    }

    protected override int Batches(IWebhookInbox inbox) => ((SqliteWebhookInbox)inbox).Batches;

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
