using System.Net;
using Keyward.Core.Auditing;
using Keyward.Webhooks.Dispatch;
using Keyward.Webhooks.Inbox;

namespace Keyward.Webhooks.Receiver;

/// <summary>What <see cref="WebhookServer"/> runs: where it listens, its endpoints, its inbox and what handles events.</summary>
public sealed class WebhookServerOptions
{
    /// <summary>Gets the address to listen on; loopback by default, with TLS terminated by a reverse proxy in front.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>Gets the port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Gets the endpoints.</summary>
    public required IReadOnlyList<WebhookEndpoint> Endpoints { get; init; }

    /// <summary>Gets the inbox (the server disposes it).</summary>
    public required IWebhookInbox Inbox { get; init; }

    /// <summary>Gets the handler of each endpoint, by endpoint name; endpoints without one only store events.</summary>
    public IReadOnlyDictionary<string, IWebhookHandler> Handlers { get; init; } = new Dictionary<string, IWebhookHandler>();

    /// <summary>Gets where rejections are recorded; in memory when null.</summary>
    public IAuditSink? Audit { get; init; }

    /// <summary>Gets the dispatcher's retry and batching settings.</summary>
    public WebhookDispatcherOptions Dispatch { get; init; } = new();

    /// <summary>Gets how often secrets kept by reference (<see cref="Verification.StoredSecretsVerifier"/>) are reloaded.</summary>
    /// <value>The default value is <see cref="WebhookSecretRefresher.DefaultInterval"/> (10 seconds).</value>
    public TimeSpan SecretRefreshInterval { get; init; } = WebhookSecretRefresher.DefaultInterval;

    /// <summary>Gets where failed deliveries, dead letters, rejections and storage failures are written, one line each
    /// (see <see cref="Dispatch.WebhookDispatcher"/> and <see cref="WebhookReceiver"/>); nowhere when null.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>Gets the clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
