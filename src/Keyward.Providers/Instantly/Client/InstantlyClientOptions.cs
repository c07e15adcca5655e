namespace Keyward.Providers.Instantly.Client;

/// <summary>How one named Instantly client connects, authenticates and guards its calls.</summary>
/// <remarks>
/// The key is a reference (<see cref="ApiKey"/>, such as <c>env:INSTANTLY_API_KEY</c>), never a value: the client
/// reads it per request and never exposes it. Declare <see cref="Scopes"/> to have calls outside them refused
/// before anything is sent; without it the client reads the key's scopes from <c>GET /api/v2/api-keys</c> when the
/// key may, and otherwise leaves enforcement to Instantly (a 403 becomes <see cref="ScopeDeniedException"/>).
/// </remarks>
public sealed class InstantlyClientOptions
{
    /// <summary>The production API.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.instantly.ai");

    /// <summary>Gets or sets the API's base address: production, the sandbox, or a proxy.</summary>
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>Gets or sets the secret reference of the key, for example <c>env:INSTANTLY_API_KEY</c>.</summary>
    public string ApiKey { get; set; } = "env:INSTANTLY_API_KEY";

    /// <summary>Gets or sets the key's scopes, space-separated (for example <c>campaigns:read leads:all</c>), or
    /// null to read them from the API.</summary>
    public string? Scopes { get; set; }

    /// <summary>Gets or sets the client-side limit per second (Instantly: 100 per workspace, shared by every key).</summary>
    public int RequestsPerSecond { get; set; } = 100;

    /// <summary>Gets or sets the client-side limit per minute (Instantly: 6,000 per workspace).</summary>
    public int RequestsPerMinute { get; set; } = 6000;

    /// <summary>Gets or sets how many times a 429, 502, 503 or 504 is retried (writes: 429 only).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Gets or sets the first retry delay when Instantly sends no <c>Retry-After</c>; it doubles, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest delay between retries, <c>Retry-After</c> included.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets who the audit log names as the actor; defaults to the key's id.</summary>
    public string? Actor { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"Instantly client at {BaseAddress} with the key at {ApiKey}";
}
