namespace Keyward.Providers.Http;

/// <summary>How a vendor client retries: how often, how long to wait, and which requests are safe to repeat.</summary>
/// <param name="MaxRetries">Retries after the first attempt; 0 turns retrying off.</param>
/// <param name="BaseDelay">The first backoff delay when the server sends no <c>Retry-After</c>; it doubles, with jitter.</param>
/// <param name="MaxDelay">The longest wait, <c>Retry-After</c> included.</param>
/// <param name="IsRepeatable">Whether a request may be sent again after a 5xx or a lost connection (it may have been applied).</param>
internal sealed record RetryPolicy(int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxDelay, Func<HttpRequestMessage, bool> IsRepeatable);
