namespace Keyward.Scanning.Verification;

/// <summary>Where and how fast <see cref="KeyVerifier"/> checks keys.</summary>
public sealed class KeyVerifierOptions
{
    /// <summary>Gets or sets the Instantly API base URL.</summary>
    /// <value>The default value is <c>https://api.instantly.ai</c>; tests and demos point it at the sandbox.</value>
    public Uri InstantlyBaseUrl { get; set; } = new("https://api.instantly.ai");

    /// <summary>Gets or sets the Salesloft API base URL.</summary>
    /// <value>The default value is <c>https://api.salesloft.com</c>.</value>
    public Uri SalesloftBaseUrl { get; set; } = new("https://api.salesloft.com");

    /// <summary>Gets or sets the most verification requests sent per second, across vendors.</summary>
    /// <value>The default value is 5, far below either vendor's limit.</value>
    public int MaxRequestsPerSecond { get; set; } = 5;

    /// <summary>Gets or sets how long one verification request may take.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks the options; keys are only ever sent over HTTPS, or plain HTTP to this machine.</summary>
    /// <exception cref="ArgumentException">A base URL would send keys in clear text over a network.</exception>
    public void Validate()
    {
        foreach (var url in new[] { InstantlyBaseUrl, SalesloftBaseUrl })
        {
            if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
            {
                throw new ArgumentException($"refusing to send keys to {url}: use https, or http only to localhost");
            }
        }

        if (MaxRequestsPerSecond < 1)
        {
            throw new ArgumentException("MaxRequestsPerSecond must be at least 1");
        }
    }
}
