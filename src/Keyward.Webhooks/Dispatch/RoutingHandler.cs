using Keyward.Webhooks.Inbox;

namespace Keyward.Webhooks.Dispatch;

/// <summary>Sends each event to the handler configured for its source (its endpoint); one dispatcher serves every
/// endpoint of a receiver.</summary>
public sealed class RoutingHandler : IWebhookHandler
{
    private readonly IReadOnlyDictionary<string, IWebhookHandler> _bySource;

    /// <summary>Initializes a new instance of the <see cref="RoutingHandler"/> class.</summary>
    /// <param name="bySource">The handler of each source.</param>
    public RoutingHandler(IReadOnlyDictionary<string, IWebhookHandler> bySource) => _bySource = bySource ?? throw new ArgumentNullException(nameof(bySource));

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">No handler for the event's source; the event is retried, so a
    /// configuration fix and a restart still deliver it.</exception>
    public Task HandleAsync(InboxEvent webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        return _bySource.TryGetValue(webhookEvent.Entry.Source, out var handler)
            ? handler.HandleAsync(webhookEvent, cancellationToken)
            : throw new InvalidOperationException($"no handler is configured for webhook source '{webhookEvent.Entry.Source}'");
    }
}
