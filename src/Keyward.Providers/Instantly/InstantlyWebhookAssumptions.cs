namespace Keyward.Providers.Instantly;

/// <summary>
/// The one place where Keyward assumes how Instantly retries a webhook delivery, which Instantly does not document
/// (reference section 4.3). If Instantly documents it, change it here and nowhere else.
/// </summary>
/// <remarks>
/// What is documented: Instantly records each delivery's retries (<c>retry_count</c>, <c>timestamp_next_retry</c> in
/// <c>GET /api/v2/webhook-events</c>) and disables a webhook after repeated failures (status -1). What is assumed:
/// a third-party description's "3 retries within 30 seconds". The secret rotation's grace period, the sandbox's
/// emulated retries and the receiver's crash test all follow from it; the delivery log above shows the real
/// schedule of a workspace.
/// </remarks>
public static class InstantlyWebhookAssumptions
{
    /// <summary>Gets when Instantly retries a failed delivery, counted from the first attempt: 10, 20 and 30 seconds.
    /// An unverified third-party claim.</summary>
    public static IReadOnlyList<TimeSpan> RetryDelays { get; } =
        [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30)];

    /// <summary>Gets how long after its first attempt a delivery may still arrive: the last retry's delay.</summary>
    public static TimeSpan RetryWindow => RetryDelays[^1];
}
