using System.Security.Cryptography;
using System.Text;
using Keyward.Core.Secrets;

namespace Keyward.Webhooks.Verification;

/// <summary>Verifies Salesloft deliveries: <c>x-salesloft-signature</c> holds the hex HMAC-SHA1 of the raw body, keyed
/// by the subscription's <c>callback_token</c>.</summary>
/// <remarks>
/// <para>
/// Salesloft documents a lowercase hex digest (developers.salesloft.com/docs/platform/webhooks/delivery-headers/);
/// the case is compared insensitively because the docs do not promise it. HMAC-SHA1 is still a sound MAC, but the
/// scheme has no timestamp or delivery id, so replays are possible: deduplicate on the payload id downstream.
/// </para>
/// <para>
/// Several callback tokens are accepted so a subscription can be moved to a new token with no downtime (Salesloft
/// cannot change the token of an existing subscription, so rotation means a second subscription for a while).
/// Comparisons are constant-time and cover every token. Thread-safe.
/// </para>
/// </remarks>
public sealed class SalesloftVerifier : IWebhookVerifier
{
    private readonly byte[][] _keys;

    /// <summary>Initializes a new instance of the <see cref="SalesloftVerifier"/> class.</summary>
    /// <param name="callbackTokens">Every callback token currently accepted.</param>
    /// <exception cref="ArgumentException">There is no token, or one is empty.</exception>
    public SalesloftVerifier(IEnumerable<SecretValue> callbackTokens)
    {
        _keys = [.. VerifierGuard.Secrets(callbackTokens, nameof(callbackTokens)).Select(s => Encoding.UTF8.GetBytes(s.Reveal()))];
    }

    /// <inheritdoc/>
    public string Scheme => WebhookVerifyConstants.SalesloftScheme;

    /// <inheritdoc/>
    public VerificationResult Verify(HeaderLookup headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        const string header = WebhookVerifyConstants.SalesloftSignatureHeader;
        if (!VerifierGuard.TryRead(headers, header, out var value, out var failure))
        {
            return failure;
        }

        if (!HexSignatures.TryParse(value, prefix: null, HMACSHA1.HashSizeInBytes, out var signatures))
        {
            return VerificationResult.Fail(VerificationFailure.MalformedHeader, $"header {header} is not hex HMAC-SHA1 (40 hex digits)");
        }

        return HexSignatures.AnyMatches(HashAlgorithmName.SHA1, _keys, body, signatures)
            ? VerificationResult.Valid
            : VerificationResult.Fail(VerificationFailure.BadSignature, $"header {header} does not match the body under an accepted callback token");
    }
}
