namespace Keyward.Webhooks.Dispatch;

/// <summary>How the dispatcher retries and batches.</summary>
public sealed class WebhookDispatcherOptions
{
    /// <summary>Gets the attempts before an event is dead-lettered.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>Gets the delay before the second attempt; it doubles with each failure, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the longest delay between attempts.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Gets how many events one claim takes.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Gets how long a claim holds: a dispatcher that dies releases its events after this.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets how long an idle dispatcher waits before it looks for due events again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
