using System.Security.Cryptography;
using System.Text;
using Keyward.Core.Secrets;

namespace Keyward.Webhooks.Verification;

/// <summary>Verifies the generic <c>hmac-sha256</c> scheme: a header holds the hex HMAC-SHA256 of the raw body.</summary>
/// <remarks>
/// <para>
/// The key is the UTF-8 bytes of the secret. The header value is hex in either case, optionally prefixed with
/// <c>sha256=</c> (the GitHub style); several comma-separated signatures are accepted, so a sender can sign with an
/// old and a new secret during a rotation. Several secrets are accepted here for the same reason.
/// </para>
/// <para>
/// This scheme has no timestamp, so a captured delivery can be replayed; prefer <see cref="StandardWebhooksVerifier"/>
/// when the sender supports it, and deduplicate deliveries downstream. Comparisons are constant-time and cover every
/// secret and signature. Thread-safe.
/// </para>
/// </remarks>
public sealed class HmacSha256Verifier : IWebhookVerifier
{
    private const string Prefix = "sha256=";

    private readonly string _header;
    private readonly byte[][] _keys;

    /// <summary>Initializes a new instance of the <see cref="HmacSha256Verifier"/> class.</summary>
    /// <param name="secrets">Every secret currently accepted (during a rotation, the old and the new).</param>
    /// <param name="header">The signature header; the default value is <c>X-Signature</c>.</param>
    /// <exception cref="ArgumentException">There is no secret, one is empty, or the header name is blank.</exception>
    public HmacSha256Verifier(IEnumerable<SecretValue> secrets, string header = WebhookVerifyConstants.DefaultHmacSha256Header)
    {
        _header = VerifierGuard.Header(header, nameof(header));
        _keys = [.. VerifierGuard.Secrets(secrets, nameof(secrets)).Select(s => Encoding.UTF8.GetBytes(s.Reveal()))];
    }

    /// <inheritdoc/>
    public string Scheme => WebhookVerifyConstants.HmacSha256Scheme;

    /// <inheritdoc/>
    public VerificationResult Verify(HeaderLookup headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (!VerifierGuard.TryRead(headers, _header, out var value, out var failure))
        {
            return failure;
        }

        if (!HexSignatures.TryParse(value, Prefix, HMACSHA256.HashSizeInBytes, out var signatures))
        {
            return VerificationResult.Fail(VerificationFailure.MalformedHeader, $"header {_header} is not hex HMAC-SHA256 (64 hex digits, optional sha256= prefix)");
        }

        return HexSignatures.AnyMatches(HashAlgorithmName.SHA256, _keys, body, signatures)
            ? VerificationResult.Valid
            : VerificationResult.Fail(VerificationFailure.BadSignature, $"no signature in header {_header} matches the body under an accepted secret");
    }
}
