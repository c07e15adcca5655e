namespace Keyward.Sandbox;

/// <summary>How a sandbox listens, what it starts with, and its limits.</summary>
/// <remarks>Defaults follow Instantly's documented limits; tests shorten the webhook retry delays and lower the
/// rate limits. Vendor facts the sandbox has to guess are in <see cref="SandboxAssumptions"/>.</remarks>
public sealed class SandboxOptions
{
    /// <summary>Gets the loopback port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Gets the initial content of a new workspace (ignored when <see cref="StatePath"/> already exists).</summary>
    public SandboxSeed Seed { get; init; } = SandboxSeed.Empty;

    /// <summary>Gets the JSON file that keeps the workspace across restarts, or null to keep it in memory only.</summary>
    public string? StatePath { get; init; }

    /// <summary>Gets the requests per second the workspace may make, shared by all keys (Instantly: 100).</summary>
    public int RequestsPerSecond { get; init; } = 100;

    /// <summary>Gets the requests per minute the workspace may make, shared by all keys (Instantly: 6,000).</summary>
    public int RequestsPerMinute { get; init; } = 6000;

    /// <summary>Gets the delay before each webhook delivery attempt: the first is immediate, then retries.</summary>
    public IReadOnlyList<TimeSpan> WebhookAttemptDelays { get; init; } = SandboxAssumptions.WebhookAttemptDelays;

    /// <summary>Gets the delay before each Salesloft delivery attempt.</summary>
    public IReadOnlyList<TimeSpan> SalesloftAttemptDelays { get; init; } = SandboxAssumptions.SalesloftAttemptDelays;

    /// <summary>Gets the Salesloft team's cost budget per minute (Salesloft: 600; each modelled endpoint costs 1).</summary>
    public int SalesloftCostPerMinute { get; init; } = 600;

    /// <summary>Gets how long one webhook delivery attempt may take.</summary>
    public TimeSpan WebhookTimeout { get; init; } = SandboxAssumptions.WebhookTimeout;

    /// <summary>Gets the clock; tests pass a fake one to age keys.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
