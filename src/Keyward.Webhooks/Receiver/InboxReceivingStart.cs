using Keyward.Webhooks.Inbox;
using Microsoft.Extensions.Hosting;

namespace Keyward.Webhooks.Receiver;

/// <summary>Starts the inbox for receiving when the host starts (<see cref="IWebhookInbox.StartReceivingAsync"/>), so
/// a receiver that cannot add, such as a second one on a SQLite inbox, stops the host instead of answering 503s.</summary>
internal sealed class InboxReceivingStart(IWebhookInbox inbox) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => inbox.StartReceivingAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
