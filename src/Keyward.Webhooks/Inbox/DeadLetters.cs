namespace Keyward.Webhooks.Inbox;

/// <summary>Recovery after an outage: every dead-lettered event of an inbox made pending again in one go, where
/// <see cref="IWebhookInbox.ReplayAsync"/> takes one event.</summary>
public static class DeadLetters
{
    /// <summary>How many dead letters one listing reads (their payloads included).</summary>
    private const int Page = 500;

    /// <summary>Replays every event dead-lettered when the call starts, page by page, so memory stays bounded.</summary>
    /// <param name="inbox">The inbox.</param>
    /// <param name="cancellationToken">Stops between events; those replayed so far stay replayed.</param>
    /// <returns>How many events were made pending again.</returns>
    /// <remarks>Safe beside running dispatchers: a replayed event is pending and due now, with a fresh set of attempts,
    /// and an event dead-lettered again while this runs is not replayed twice in one call.</remarks>
    public static async Task<int> ReplayAllAsync(IWebhookInbox inbox, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        var seen = new HashSet<long>();
        var replayed = 0;
        while (true)
        {
            var page = await inbox.ListAsync(InboxState.DeadLettered, Page, cancellationToken).ConfigureAwait(false);
            var fresh = page.Where(e => seen.Add(e.Id)).ToList();
            if (fresh.Count == 0)
            {
                return replayed;
            }

            foreach (var letter in fresh)
            {
                cancellationToken.ThrowIfCancellationRequested();
                replayed += await inbox.ReplayAsync(letter.Id, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }
        }
    }
}
