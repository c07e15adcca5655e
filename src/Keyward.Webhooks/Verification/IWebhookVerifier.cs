namespace Keyward.Webhooks.Verification;

/// <summary>Checks that a delivery comes from the sender that shares our secret, over the raw body bytes, before
/// anything parses it. One implementation per scheme (header secret, HMAC-SHA256, Standard Webhooks, Salesloft,
/// basic auth); all compare in constant time and take the clock from a <see cref="TimeProvider"/>.</summary>
/// <remarks>Implementations are thread-safe and never throw on bad input: every problem is a
/// <see cref="VerificationResult"/>.</remarks>
public interface IWebhookVerifier
{
    /// <summary>Gets the scheme's name as configured, such as <c>standard-webhooks</c>.</summary>
    string Scheme { get; }

    /// <summary>Verifies one delivery.</summary>
    /// <param name="headers">The request's headers.</param>
    /// <param name="body">The raw body, exactly as received.</param>
    /// <returns>Valid, or why not.</returns>
    VerificationResult Verify(HeaderLookup headers, ReadOnlySpan<byte> body);
}
