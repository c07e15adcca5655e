namespace Keyward.Providers.Http;

/// <summary>Waits for the workspace's client-side rate limiter before each request (retries included).</summary>
internal sealed class RateLimitHandler(ClientRateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
