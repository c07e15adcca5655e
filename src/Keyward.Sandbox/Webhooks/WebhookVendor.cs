namespace Keyward.Sandbox.Webhooks;

/// <summary>The vendor whose webhook semantics a delivery follows.</summary>
internal enum WebhookVendor
{
    /// <summary>Instantly: custom headers, attempts logged in webhook-events, disabled after failing.</summary>
    Instantly,

    /// <summary>Salesloft: signed with <c>x-salesloft-signature</c>, retried 3 more times.</summary>
    Salesloft,
}
