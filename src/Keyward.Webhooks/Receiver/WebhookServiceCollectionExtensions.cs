using Keyward.Core.Auditing;
using Keyward.Webhooks.Dispatch;
using Keyward.Webhooks.Inbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Keyward.Webhooks.Receiver;

/// <summary><c>services.AddKeywardWebhooks(...)</c>: the inbox, the receiver, the metrics and, with a handler, the
/// background dispatcher.</summary>
public static class WebhookServiceCollectionExtensions
{
    /// <summary>Registers the receiver and, when <paramref name="handler"/> is given, a dispatcher that hands stored
    /// events to it with retries. The inbox is started for receiving when the host starts
    /// (<see cref="IWebhookInbox.StartReceivingAsync"/>), so a host that cannot add to it does not start. Register an <see cref="IAuditSink"/> first to record rejections durably (an
    /// in-memory sink is used otherwise).</summary>
    /// <param name="services">The services.</param>
    /// <param name="inbox">Opens the inbox, such as <c>_ => WebhookInboxes.Open("sqlite:.keyward/webhooks.db")</c>.</param>
    /// <param name="handler">Builds the handler events are dispatched to, or null to only store them.</param>
    /// <param name="dispatch">Retry and batching settings.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddKeywardWebhooks(
        this IServiceCollection services,
        Func<IServiceProvider, IWebhookInbox> inbox,
        Func<IServiceProvider, IWebhookHandler>? handler = null,
        WebhookDispatcherOptions? dispatch = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(inbox);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAuditSink, InMemoryAuditSink>();
        services.TryAddSingleton(inbox);
        services.TryAddSingleton<WebhookMetrics>();
        services.TryAddSingleton<WebhookReceiver>();
        services.AddHostedService<InboxReceivingStart>();
        if (handler is not null)
        {
            services.AddSingleton(dispatch ?? new WebhookDispatcherOptions());
            services.AddSingleton(handler);
            services.AddHostedService<WebhookDispatcher>();
        }

        return services;
    }
}
