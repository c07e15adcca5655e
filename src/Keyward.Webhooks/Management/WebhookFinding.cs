namespace Keyward.Webhooks.Management;

/// <summary>What is unsafe or broken about an Instantly webhook.</summary>
public enum WebhookFinding
{
    /// <summary>Instantly disabled it after failed deliveries (status -1): events are being lost.</summary>
    Disabled,

    /// <summary>It sends no custom header, so its receiver cannot tell Instantly from anyone else.</summary>
    Unauthenticated,

    /// <summary>Its target is plain http: payloads (lead emails, reply text) and its secret travel in clear.</summary>
    PlainHttp,
}
