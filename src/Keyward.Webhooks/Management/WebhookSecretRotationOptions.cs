using Keyward.Providers.Instantly;

namespace Keyward.Webhooks.Management;

/// <summary>How <see cref="InstantlyWebhookManager.RotateSecretAsync"/> switches a webhook secret.</summary>
public sealed class WebhookSecretRotationOptions
{
    /// <summary>Gets the header the secret travels in.</summary>
    /// <value>The default value is <see cref="InstantlyWebhookManager.DefaultHeader"/>.</value>
    public string Header { get; init; } = InstantlyWebhookManager.DefaultHeader;

    /// <summary>Gets the default <see cref="Grace"/>: twice <see cref="InstantlyWebhookAssumptions.RetryWindow"/> (60
    /// seconds), the time Instantly is assumed to retry a delivery for. Instantly does not document it.</summary>
    public static TimeSpan DefaultGrace { get; } = InstantlyWebhookAssumptions.RetryWindow * 2;

    /// <summary>Gets how long the old secret stays accepted after the webhooks send the new one, for deliveries
    /// Instantly is still retrying with the old header.</summary>
    /// <value>The default value is <see cref="DefaultGrace"/>. Raise it when the webhook delivery log
    /// (<c>GET /api/v2/webhook-events</c>) shows retries later than that.</value>
    public TimeSpan Grace { get; init; } = DefaultGrace;

    /// <summary>Gets a value indicating whether to wait until each target URL accepts the new secret (a
    /// <see cref="Receiver.WebhookReceiver.ProbeHeader"/> request) before switching a webhook to it.</summary>
    /// <value>The default value is true. Turn it off only for receivers that are not keyward's and that already accept
    /// the pending secret, or for a target the machine running the rotation cannot reach.</value>
    public bool Probe { get; init; } = true;

    /// <summary>Gets how long to wait for the receivers to accept the new secret.</summary>
    /// <value>The default value is two minutes, many times the receivers' default reload interval.</value>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets how long a target must accept every probe before a webhook switches to the new secret.</summary>
    /// <value>The default value is 20 seconds, twice the receivers' default reload interval. Behind a load balancer
    /// one accepted probe reached one receiver only; probing on for this long reaches the others, and a single 401
    /// among the answers (a receiver that has not reloaded) starts the wait again. Zero switches at the first
    /// accepted probe, which is right only for a single receiver.</value>
    public TimeSpan ProbeSettle { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Gets the pause between two probes of a target.</summary>
    /// <value>The default value is one second.</value>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets a value indicating whether to only plan: find the webhooks, change nothing.</summary>
    public bool DryRun { get; init; }
}
