namespace Keyward.Providers.Salesloft;

/// <summary>How the Salesloft client connects and authenticates: a bearer API key or OAuth access token, by
/// secret reference.</summary>
public sealed class SalesloftClientOptions
{
    /// <summary>The production API.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.salesloft.com");

    /// <summary>Gets or sets the API's base address: production, the sandbox, or a proxy.</summary>
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>Gets or sets the secret reference of the API key or OAuth access token (both are bearer tokens).</summary>
    public string ApiKey { get; set; } = "env:SALESLOFT_API_KEY";

    /// <summary>Gets or sets the team's cost budget per minute (Salesloft: 600, shared by every integration of the
    /// team; each call here costs 1).</summary>
    public int CostPerMinute { get; set; } = 600;

    /// <summary>Gets or sets how many times a 429, or a 5xx on a read, is retried.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Gets or sets the first retry delay without <c>Retry-After</c>; it doubles, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest delay between retries.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets who the audit log names as the actor; defaults to the token's fingerprint.</summary>
    public string? Actor { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"Salesloft client at {BaseAddress} with the token at {ApiKey}";
}
