using Keyward.Webhooks.Inbox;

namespace Keyward.Webhooks.Dispatch;

/// <summary>Does the work a stored event stands for (update the CRM, append to a file). The dispatcher calls it
/// after the event was acknowledged, retries it with backoff when it throws, and dead-letters the event after the
/// last attempt.</summary>
/// <remarks>An event is handed to one handler call at a time, but a dispatcher that dies mid-call hands it out
/// again when its lease ends, and one that stops after the handler's work but before the event is marked delivered
/// hands it out again too. Make handlers idempotent by the event's source and idempotency key
/// (<see cref="InboxEntry.Source"/>, <see cref="InboxEntry.IdempotencyKey"/>), as the built-in
/// <see cref="JsonlFileHandler"/> is; <see cref="InboxEvent.Id"/> is unique within one inbox only.</remarks>
public interface IWebhookHandler
{
    /// <summary>Handles one event.</summary>
    /// <param name="webhookEvent">The event, with its raw payload.</param>
    /// <param name="cancellationToken">Cancels the work (shutdown).</param>
    /// <returns>A task that completes when the work is done; a fault means "retry later".</returns>
    Task HandleAsync(InboxEvent webhookEvent, CancellationToken cancellationToken);
}
