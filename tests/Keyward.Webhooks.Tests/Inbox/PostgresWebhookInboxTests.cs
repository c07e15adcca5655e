using Keyward.Webhooks.Inbox;
using Npgsql;

namespace Keyward.Webhooks.Tests.Inbox;

/// <summary>Runs the contract in a fresh schema of the throwaway PostgreSQL that scripts/test.sh starts
/// (KEYWARD_TEST_POSTGRES).</summary>
public sealed class PostgresWebhookInboxTests : WebhookInboxContract
{
    private readonly string _admin;
    private readonly string _schema = "inbox_" + Guid.NewGuid().ToString("N")[..12];

    public PostgresWebhookInboxTests()
    {
        _admin = Environment.GetEnvironmentVariable("KEYWARD_TEST_POSTGRES")
            ?? throw new InvalidOperationException("KEYWARD_TEST_POSTGRES is not set: run the tests with scripts/test.sh, which starts a throwaway PostgreSQL");
    }

    private string ConnectionString => new NpgsqlConnectionStringBuilder(_admin) { SearchPath = _schema }.ToString();

    protected override string Location => $"postgres:{ConnectionString}";

    public override async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Open_ManyAtOnce_CreateTheTableWithoutRacing()
    {
        var inboxes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => WebhookInboxes.Open(Location))));

        try
        {
            Assert.All(await Task.WhenAll(inboxes.Select((inbox, i) => inbox.AddAsync(new InboxEntry("instantly", $"evt-{i}", "reply_received", new byte[] { 1 }, DateTimeOffset.UnixEpoch)).AsTask())), Assert.True);
        }
        finally
        {
            foreach (var inbox in inboxes)
            {
                await inbox.DisposeAsync();
            }
        }
    }

    protected override int Batches(IWebhookInbox inbox) => ((PostgresWebhookInbox)inbox).Batches;

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
