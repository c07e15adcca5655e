namespace Keyward.Webhooks.Dispatch;

/// <summary>How the dispatcher retries, batches and prunes.</summary>
public sealed record WebhookDispatcherOptions
{
    /// <summary>How long a claim holds unless configured otherwise: 5 minutes.</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(5);

    /// <summary>How long delivered events are kept unless configured otherwise: 30 days.</summary>
    public static readonly TimeSpan DefaultKeepDelivered = TimeSpan.FromDays(30);

    /// <summary>The shortest <see cref="KeepDelivered"/> the configuration accepts: 1 hour, beyond the retries of
    /// Instantly and Salesloft.</summary>
    public static readonly TimeSpan MinimumKeepDelivered = TimeSpan.FromHours(1);

    /// <summary>Gets the attempts before an event is dead-lettered.</summary>
    /// <value>The default value is 16: with the default delays, about 3 to 6 hours of retries, so a handler's target
    /// (a CRM) can be down for a maintenance window without its events ending as dead letters.</value>
    public int MaxAttempts { get; init; } = 16;

    /// <summary>Gets the delay before the second attempt; it doubles with each failure, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the longest delay between attempts.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Gets the sources (endpoint names) whose events this dispatcher claims, or null for every source. An
    /// endpoint without a handler then keeps its events pending (store only) instead of failing them into the dead
    /// letters, and dispatchers sharing a PostgreSQL inbox can each handle their own endpoints.</summary>
    /// <value>The default value is null.</value>
    public IReadOnlyCollection<string>? Sources { get; init; }

    /// <summary>Gets how many events one claim takes.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Gets how long a claim holds: a dispatcher that dies releases its events after this. The dispatcher renews
    /// the claims of a slow batch while at least half the lease is left, so it must only be longer than twice the time
    /// one handler call can take (an HTTP forward gives up after 30 seconds).</summary>
    public TimeSpan Lease { get; init; } = DefaultLease;

    /// <summary>Gets how long delivered events are kept (counted from their receipt) before the dispatcher deletes
    /// them; null keeps them forever. Their payloads hold people's names and addresses, and a SQLite receiver keeps
    /// every stored key in memory, so neither should grow forever. A deleted event's key is forgotten, so this must be
    /// longer than any sender retries a delivery (Instantly: <see cref="Providers.Instantly.InstantlyWebhookAssumptions.RetryWindow"/>,
    /// assumed; Standard Webhooks senders: up to days).</summary>
    /// <value>The default value is 30 days.</value>
    public TimeSpan? KeepDelivered { get; init; } = DefaultKeepDelivered;

    /// <summary>Gets how often the dispatcher deletes delivered events older than <see cref="KeepDelivered"/>; it also
    /// does so when it starts.</summary>
    /// <value>The default value is 1 hour.</value>
    public TimeSpan PruneInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Gets how long an idle dispatcher waits before it looks for due events again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
