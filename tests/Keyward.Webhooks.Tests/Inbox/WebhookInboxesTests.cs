using Keyward.Tests.Shared;
using Keyward.Webhooks.Inbox;

namespace Keyward.Webhooks.Tests.Inbox;

public sealed class WebhookInboxesTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Open_SqlitePrefixAndBarePath_OpenTheSameStore()
    {
        var path = Path.Combine(_directory.Path, "inbox.db");
        await using (var prefixed = WebhookInboxes.Open($"sqlite:{path}"))
        {
            Assert.IsType<SqliteWebhookInbox>(prefixed);
            Assert.True(await prefixed.AddAsync(new InboxEntry("instantly", "evt-1", "reply_received", new byte[] { 1 }, DateTimeOffset.UnixEpoch)));
        }

        await using var bare = WebhookInboxes.Open(path);
        Assert.Single(await bare.ListAsync());
    }

    [Theory]
    [InlineData("mysql:Server=db;Password=hunter2-inbox")]
    [InlineData("sqlite:")]
    [InlineData("postgres:")]
    [InlineData("Host=db;Username=keyward;Password=hunter2-inbox")]
    public void Open_UnusableLocation_ThrowsSayingWhatWorks_WithoutEchoingIt(string location)
    {
        var error = Assert.Throws<ArgumentException>(() => WebhookInboxes.Open(location));

        Assert.Contains("postgres:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
