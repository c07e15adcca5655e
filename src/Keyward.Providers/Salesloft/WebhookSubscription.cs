namespace Keyward.Providers.Salesloft;

/// <summary>A Salesloft webhook subscription. Its <c>callback_token</c> signs deliveries and is not part of it.</summary>
/// <param name="Id">The subscription id.</param>
/// <param name="EventType">The event, for example <c>person_created</c>.</param>
/// <param name="CallbackUrl">Where deliveries go.</param>
/// <param name="Enabled">Whether deliveries are sent.</param>
public sealed record WebhookSubscription(long Id, string EventType, string CallbackUrl, bool Enabled);
