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

    [Fact]
    public async Task Adds_AreCopiedIntoTheDatabaseFile_InTheBackground_WhileTheInboxStaysOpen()
    {
        await using var inbox = SqliteWebhookInbox.Open(Path);
        var payload = new byte[1024];
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => inbox.AddAsync(new InboxEntry("instantly", $"evt-{i}", "reply_received", payload, DateTimeOffset.UnixEpoch)).AsTask()));

        // No commit checkpoints, and 300 KiB is far below SQLite's own 1,000-frame threshold: only the background
        // checkpointer puts the events into the database file itself while the inbox is open.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (new FileInfo(Path).Length < 300 * 1024 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(new FileInfo(Path).Length >= 300 * 1024, $"the database file is {new FileInfo(Path).Length} bytes");
    }

    [Fact]
    public async Task SustainedAdds_KeepTheWalNearItsResetThreshold_AndStoreEveryEvent()
    {
        // A 256-frame (1 MiB) threshold, and about 40 MiB of events from 32 callers that never pause: without restarts
        // under the write lock, a passive checkpoint never catches up and the WAL would hold all of it.
        const int Events = 20_000;
        await using var inbox = SqliteWebhookInbox.Open(Path, null, walResetFrames: 256);
        var payload = new byte[2048];
        var next = -1;
        var largestWal = 0L;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var wal = new FileInfo(Path + "-wal");
                largestWal = Math.Max(largestWal, wal.Exists ? wal.Length : 0);
                await Task.Delay(5);
            }
        });
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < Events; i = Interlocked.Increment(ref next))
            {
                await inbox.AddAsync(new InboxEntry("instantly", $"evt-{i}", "reply_received", payload, DateTimeOffset.UnixEpoch));
            }
        })));
        await sampling.CancelAsync();
        await sampler;

        Assert.True(largestWal < 10L * 1024 * 1024, $"the WAL reached {largestWal} bytes");
        Assert.True(inbox.WalResets > 0);
        Assert.Equal(Events, (await inbox.ListAsync(limit: Events + 1)).Count);
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
