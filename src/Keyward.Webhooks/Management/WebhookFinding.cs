namespace Keyward.Webhooks.Management;

/// <summary>What is unsafe or broken about an Instantly webhook.</summary>
public enum WebhookFinding
{
    /// <summary>Instantly disabled it after failed deliveries (status -1): events are being lost.</summary>
    Disabled,

    /// <summary>None of its custom headers carries a value long enough to be a secret
    /// (<see cref="InstantlyWebhookManager.MinimumSecretLength"/> characters), so its receiver cannot tell Instantly from
    /// anyone else: a header such as <c>X-Source: instantly</c> authenticates nothing.</summary>
    Unauthenticated,

    /// <summary>Its target is plain http: payloads (lead emails, reply text) and its secret travel in clear.</summary>
    PlainHttp,
}
