using Keyward.Core.Secrets;

namespace Keyward.Webhooks.Verification;

/// <summary>Verifies the <c>header-secret</c> scheme: the sender puts a shared secret in a header of our choosing.</summary>
/// <remarks>
/// <para>
/// Instantly signs nothing; its only delivery authentication is the custom <c>headers</c> object set on the webhook
/// subscription (see the Instantly reference, section 4.3), so the secret travels in the clear over TLS on every
/// delivery and is weaker than a signature: it proves the sender knows the secret, not that the body is unchanged.
/// </para>
/// <para>
/// Several secrets are accepted at once so one can rotate with no downtime: add the new secret here, change the
/// subscription's header, then remove the old one. The presented value is compared with every accepted secret in
/// constant time over the SHA-256 of the UTF-8 bytes, so neither the length nor which secret matched leaks through
/// timing. Thread-safe.
/// </para>
/// </remarks>
public sealed class HeaderSecretVerifier : IWebhookVerifier
{
    private readonly string _header;
    private readonly SecretMatcher _matcher;

    /// <summary>Initializes a new instance of the <see cref="HeaderSecretVerifier"/> class.</summary>
    /// <param name="header">The header that carries the secret, such as <c>X-Keyward-Webhook-Secret</c>.</param>
    /// <param name="secrets">Every secret currently accepted (during a rotation, the old and the new).</param>
    /// <exception cref="ArgumentException">The header name is blank, or there is no secret, or one is empty.</exception>
    public HeaderSecretVerifier(string header, IEnumerable<SecretValue> secrets)
    {
        _header = VerifierGuard.Header(header, nameof(header));
        _matcher = SecretMatcher.FromSecrets(VerifierGuard.Secrets(secrets, nameof(secrets)));
    }

    /// <inheritdoc/>
    public string Scheme => WebhookVerifyConstants.HeaderSecretScheme;

    /// <inheritdoc/>
    public VerificationResult Verify(HeaderLookup headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (!VerifierGuard.TryRead(headers, _header, out var presented, out var failure))
        {
            return failure;
        }

        return _matcher.Matches(presented)
            ? VerificationResult.Valid
            : VerificationResult.Fail(VerificationFailure.BadSecret, $"header {_header} does not hold an accepted secret");
    }
}
