namespace Keyward.Webhooks.Verification;

/// <summary>Scheme names, default header names and limits shared by the verifiers, the factory and the docs.</summary>
public static class WebhookVerifyConstants
{
    /// <summary>The Instantly scheme: a shared secret in a custom header (Instantly does not sign deliveries).</summary>
    public const string HeaderSecretScheme = "header-secret";

    /// <summary>The generic scheme: hex HMAC-SHA256 of the raw body in one header.</summary>
    public const string HmacSha256Scheme = "hmac-sha256";

    /// <summary>The Standard Webhooks 1.0 scheme (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>).</summary>
    public const string StandardWebhooksScheme = "standard-webhooks";

    /// <summary>The Salesloft scheme: hex HMAC-SHA1 of the raw body in <c>x-salesloft-signature</c>.</summary>
    public const string SalesloftScheme = "salesloft";

    /// <summary>HTTP basic authentication of the delivery.</summary>
    public const string BasicAuthScheme = "basic-auth";

    /// <summary>The header the <c>hmac-sha256</c> scheme reads unless configured otherwise.</summary>
    public const string DefaultHmacSha256Header = "X-Signature";

    /// <summary>The header Salesloft signs into.</summary>
    public const string SalesloftSignatureHeader = "x-salesloft-signature";

    /// <summary>The Standard Webhooks message id header.</summary>
    public const string WebhookIdHeader = "webhook-id";

    /// <summary>The Standard Webhooks timestamp header (Unix seconds).</summary>
    public const string WebhookTimestampHeader = "webhook-timestamp";

    /// <summary>The Standard Webhooks signature list header.</summary>
    public const string WebhookSignatureHeader = "webhook-signature";

    /// <summary>The header basic authentication travels in.</summary>
    public const string AuthorizationHeader = "Authorization";

    /// <summary>The longest header value a verifier reads; longer values fail as malformed before any work is done.</summary>
    public const int MaxHeaderLength = 8 * 1024;

    /// <summary>Gets the timestamp tolerance every Standard Webhooks reference library uses: five minutes either way.</summary>
    public static TimeSpan DefaultTolerance { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets every scheme name the factory knows, in documentation order.</summary>
    public static IReadOnlyList<string> Schemes { get; } =
        [HeaderSecretScheme, HmacSha256Scheme, StandardWebhooksScheme, SalesloftScheme, BasicAuthScheme];
}
