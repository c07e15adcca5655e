using Keyward.Tests.Shared;
using Keyward.Webhooks.Inbox;

namespace Keyward.Webhooks.Tests.Inbox;

public sealed class DeadLettersTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ReplayAll_MakesEveryDeadLetterPendingWithItsAttemptsAgain_BeyondOnePage_AndLeavesTheRestAlone()
    {
        await using var inbox = WebhookInboxes.Open($"sqlite:{Path.Combine(_directory.Path, "webhooks.db")}");
        const int Dead = 520; // more than one page of the listing
        for (var i = 0; i <= Dead; i++)
        {
            await inbox.AddAsync(new InboxEntry("crm", $"k{i}", "reply_received", "{}"u8.ToArray(), DateTimeOffset.UtcNow));
        }

        foreach (var claimed in await inbox.ClaimAsync(Dead + 1, TimeSpan.FromMinutes(5)))
        {
            if (claimed.Entry.IdempotencyKey == "k0")
            {
                await inbox.CompleteAsync(claimed);
            }
            else
            {
                Assert.True(await inbox.FailAsync(claimed, "HttpRequestException: the CRM is down", retryAt: null));
            }
        }

        var replayed = await DeadLetters.ReplayAllAsync(inbox);
        var again = await DeadLetters.ReplayAllAsync(inbox);

        Assert.Equal((Dead, 0), (replayed, again));
        Assert.Empty(await inbox.ListAsync(InboxState.DeadLettered));
        var pending = await inbox.ListAsync(InboxState.Pending, 1000);
        Assert.Equal(Dead, pending.Count);
        Assert.All(pending, e => Assert.Equal(0, e.Attempts));
        Assert.Equal("k0", Assert.Single(await inbox.ListAsync(InboxState.Delivered)).Entry.IdempotencyKey);
    }
}
