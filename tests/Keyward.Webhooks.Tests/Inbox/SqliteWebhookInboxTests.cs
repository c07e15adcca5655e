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
    public void Open_AFileThatIsNotADatabase_NamesIt_AndLeavesItAsItWas()
    {
        const string Text = "a note someone saved under the inbox's name, long enough for SQLite to read a header\n";
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        File.WriteAllText(Path, string.Concat(Enumerable.Repeat(Text, 8)));
        const UnixFileMode Shared = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(Path, Shared);

        var error = Assert.Throws<InvalidDataException>(() => WebhookInboxes.Open(Path));

        Assert.Contains($"'{Path}' is not a SQLite database", error.Message, StringComparison.Ordinal);
        Assert.Equal(string.Concat(Enumerable.Repeat(Text, 8)), File.ReadAllText(Path));
        Assert.Equal(Shared, File.GetUnixFileMode(Path)); // not made private: it is not ours
    }

    [Fact]
    public async Task StartReceiving_OnAFileItCannotWrite_FailsNamingIt_InsteadOfAnsweringEveryDelivery503()
    {
        await using (var created = WebhookInboxes.Open(Path))
        {
            Assert.True(await created.AddAsync(Entry("evt-1")));
        }

        using var unwritable = UnwritableFile.TryMake(Path);
        if (unwritable is null)
        {
            return; // root without immutable files: nothing here can make the file unwritable
        }

        // Reading still works, so the stored events can be listed and moved elsewhere.
        await using var inbox = WebhookInboxes.Open(Path);
        Assert.Single(await inbox.ListAsync());

        var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => inbox.StartReceivingAsync());

        Assert.Contains($"'{Path}' is read-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_FromASecondInstance_FailsNamingTheLock_WhileItStillListsAndReplays_ThenItTakesOver()
    {
        var receiver = WebhookInboxes.Open(Path);
        Assert.True(await receiver.AddAsync(Entry("evt-1")));
        await using var other = WebhookInboxes.Open(Path);

        var refused = await Assert.ThrowsAsync<IOException>(async () => await other.AddAsync(Entry("evt-2")));

        Assert.Contains(Path + ".receiver.lock", refused.Message, StringComparison.Ordinal);
        Assert.Contains("postgres:", refused.Message, StringComparison.Ordinal);
        var stored = Assert.Single(await other.ListAsync());
        Assert.True(await other.ReplayAsync(stored.Id));

        // Disposing the receiver releases the file; the next one knows every key stored before it.
        await receiver.DisposeAsync();
        Assert.False(await other.AddAsync(Entry("evt-1")));
        Assert.True(await other.AddAsync(Entry("evt-2")));
        Assert.Equal(["evt-2", "evt-1"], (await other.ListAsync()).Select(e => e.Entry.IdempotencyKey));
    }

    [Fact]
    public async Task Open_AnInboxWithTheEarlierUniqueConstraint_KeepsItsEventsIdsAndStates_AndStillRefusesTheirDuplicates()
    {
        // The table as releases before 2026-12-01 created it: duplicates were refused by a unique index.
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await ExecuteAsync("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE webhook_inbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                source TEXT NOT NULL,
                idempotency_key TEXT NOT NULL,
                event_type TEXT NOT NULL,
                payload BLOB NOT NULL,
                received_at_us INTEGER NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead_lettered')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at_us INTEGER,
                claimed_until_us INTEGER,
                last_error TEXT,
                UNIQUE (source, idempotency_key));
            CREATE INDEX webhook_inbox_due ON webhook_inbox (state, next_attempt_at_us);
            INSERT INTO webhook_inbox VALUES (7, 'instantly', 'evt-old-1', 'reply_received', x'7b7d', 1, 'delivered', 1, NULL, NULL, NULL);
            INSERT INTO webhook_inbox VALUES (9, 'instantly', 'evt-old-2', 'email_sent', x'7b7d', 2, 'dead_lettered', 5, NULL, NULL, 'HTTP 500');
            """);
        await using var inbox = WebhookInboxes.Open(Path);

        Assert.False(await inbox.AddAsync(Entry("evt-old-1")));
        Assert.True(await inbox.AddAsync(Entry("evt-new")));

        var listed = await inbox.ListAsync();
        Assert.Equal([("evt-new", 10L, InboxState.Pending), ("evt-old-2", 9L, InboxState.DeadLettered), ("evt-old-1", 7L, InboxState.Delivered)], listed.Select(e => (e.Entry.IdempotencyKey, e.Id, e.State)));
        Assert.Equal("HTTP 500", listed.Single(e => e.Id == 9).LastError);
        await using var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM pragma_index_list('webhook_inbox') WHERE origin = 'u'";
        Assert.Equal(0L, await command.ExecuteScalarAsync());
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

    private static InboxEntry Entry(string key) => new("instantly", key, "reply_received", "{}"u8.ToArray(), DateTimeOffset.UnixEpoch);
}
