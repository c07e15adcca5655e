using Keyward.Webhooks.Inbox;

namespace Keyward.Webhooks.Dispatch;

/// <summary>An in-process handler of typed events, resolved from DI once per event (in its own scope, so it can use
/// a DbContext or any scoped service). Register it with <c>services.AddScoped&lt;IWebhookHandler&lt;T&gt;, MyHandler&gt;()</c>
/// and dispatch to it with <see cref="TypedWebhookHandler{TEvent}"/>.</summary>
/// <typeparam name="TEvent">The payload's type, such as <see cref="InstantlyWebhookEvent"/>; read from JSON with
/// snake_case names, or as the metadata given to <see cref="TypedWebhookHandler{TEvent}"/> says.</typeparam>
public interface IWebhookHandler<in TEvent>
{
    /// <summary>Handles one event; a fault means "retry later" (see <see cref="IWebhookHandler"/>).</summary>
    /// <param name="payload">The event, deserialized.</param>
    /// <param name="stored">The stored event: its id (for idempotency), source, type and raw payload.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the work is done.</returns>
    Task HandleAsync(TEvent payload, InboxEvent stored, CancellationToken cancellationToken);
}
