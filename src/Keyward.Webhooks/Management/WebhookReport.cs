using Keyward.Providers.Instantly.Client.Models;

namespace Keyward.Webhooks.Management;

/// <summary>A webhook and what is wrong with it (never its header values).</summary>
/// <param name="Webhook">The webhook.</param>
/// <param name="Findings">Its problems; empty when it is fine.</param>
public sealed record WebhookReport(Webhook Webhook, IReadOnlyList<WebhookFinding> Findings);
