namespace Keyward.Webhooks.Verification;

/// <summary>Creates the verifier a configuration names.</summary>
public static class WebhookVerifiers
{
    /// <summary>Creates a verifier from options, validating them.</summary>
    /// <param name="options">The scheme, header, secrets, tolerance and user name.</param>
    /// <param name="time">The clock for schemes with timestamps; the default value is <see cref="TimeProvider.System"/>.
    /// Pass a fake in tests.</param>
    /// <returns>A thread-safe verifier.</returns>
    /// <exception cref="ArgumentException">The scheme is unknown (the message lists the known ones), there is no
    /// secret, or a value the scheme needs is missing or invalid. Messages never contain a secret.</exception>
    public static IWebhookVerifier Create(WebhookVerifyOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Secrets is null || options.Secrets.Count == 0)
        {
            throw new ArgumentException("Webhook verification needs at least one secret.", nameof(options));
        }

        var scheme = options.Scheme?.Trim() ?? string.Empty;
        return scheme.ToUpperInvariant() switch
        {
            "HEADER-SECRET" => new HeaderSecretVerifier(
                string.IsNullOrWhiteSpace(options.Header)
                    ? throw new ArgumentException("The header-secret scheme needs a header name.", nameof(options))
                    : options.Header,
                options.Secrets),
            "HMAC-SHA256" => new HmacSha256Verifier(options.Secrets, options.Header ?? WebhookVerifyConstants.DefaultHmacSha256Header),
            "STANDARD-WEBHOOKS" => new StandardWebhooksVerifier(options.Secrets, time, options.Tolerance),
            "SALESLOFT" => new SalesloftVerifier(options.Secrets),
            "BASIC-AUTH" => new BasicAuthVerifier(
                string.IsNullOrEmpty(options.Username)
                    ? throw new ArgumentException("The basic-auth scheme needs a user name.", nameof(options))
                    : options.Username,
                options.Secrets),
            _ => throw new ArgumentException(
                $"Unknown webhook verification scheme '{scheme}'; known schemes: {string.Join(", ", WebhookVerifyConstants.Schemes)}.",
                nameof(options)),
        };
    }
}
