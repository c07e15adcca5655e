namespace Keyward.Webhooks.Receiver;

/// <summary>Whose events an endpoint receives: decides how a payload is validated and where its event type is read.</summary>
public enum WebhookVendor
{
    /// <summary>Any JSON object; the event type is its <c>type</c> field when present (Standard Webhooks senders).</summary>
    Generic,

    /// <summary>Instantly: <c>event_type</c>, <c>timestamp</c> and <c>workspace</c> are required (<see cref="WebhookPayloads"/>).</summary>
    Instantly,

    /// <summary>Salesloft: the event type is the <c>x-salesloft-event</c> header; the body is the changed object.</summary>
    Salesloft,
}
