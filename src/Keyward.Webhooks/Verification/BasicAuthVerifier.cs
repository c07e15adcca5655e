using System.Text;
using Keyward.Core.Secrets;

namespace Keyward.Webhooks.Verification;

/// <summary>Verifies HTTP basic authentication of a delivery: <c>Authorization: Basic base64(user:password)</c>.</summary>
/// <remarks>
/// <para>
/// For senders that can only put credentials in the URL or an <c>Authorization</c> header. Like
/// <see cref="HeaderSecretVerifier"/> it proves the sender knows a secret, not that the body is unchanged.
/// </para>
/// <para>
/// The decoded <c>user:password</c> bytes are compared, as a whole, with every accepted pair in constant time over
/// their SHA-256 hashes, so neither a right user name nor the password's length shows in the timing. Several pairs
/// (or several passwords for one user) are accepted so credentials rotate with no downtime. Thread-safe.
/// </para>
/// </remarks>
public sealed class BasicAuthVerifier : IWebhookVerifier
{
    private readonly SecretMatcher _matcher;

    /// <summary>Initializes a new instance of the <see cref="BasicAuthVerifier"/> class for one user name.</summary>
    /// <param name="username">The user name the sender presents.</param>
    /// <param name="passwords">Every password currently accepted for it.</param>
    /// <exception cref="ArgumentException">The user name is empty or has a colon, or there is no password, or one is empty.</exception>
    public BasicAuthVerifier(string username, IEnumerable<SecretValue> passwords)
        : this(VerifierGuard.Secrets(passwords, nameof(passwords)).Select(p => new KeyValuePair<string, SecretValue>(username, p)))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BasicAuthVerifier"/> class for several credential pairs.</summary>
    /// <param name="credentials">Every accepted user name and password pair.</param>
    /// <exception cref="ArgumentException">There is no pair, a user name is empty or has a colon, or a password is empty.</exception>
    public BasicAuthVerifier(IEnumerable<KeyValuePair<string, SecretValue>> credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var pairs = credentials.ToList();
        if (pairs.Count == 0)
        {
            throw new ArgumentException("At least one credential pair is required.", nameof(credentials));
        }

        foreach (var (user, password) in pairs)
        {
            // RFC 7617 section 2: the user-id cannot contain a colon.
            if (string.IsNullOrEmpty(user) || user.Contains(':', StringComparison.Ordinal))
            {
                throw new ArgumentException("User names must be non-empty and contain no colon.", nameof(credentials));
            }

            if (password is null || password.Length == 0)
            {
                throw new ArgumentException("Passwords must not be null or empty.", nameof(credentials));
            }
        }

        _matcher = new SecretMatcher(pairs.Select(p => Encoding.UTF8.GetBytes($"{p.Key}:{p.Value.Reveal()}")));
    }

    /// <inheritdoc/>
    public string Scheme => WebhookVerifyConstants.BasicAuthScheme;

    /// <inheritdoc/>
    public VerificationResult Verify(HeaderLookup headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        const string header = WebhookVerifyConstants.AuthorizationHeader;
        if (!VerifierGuard.TryRead(headers, header, out var value, out var failure))
        {
            return failure;
        }

        const string scheme = "Basic ";
        if (!value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return VerificationResult.Fail(VerificationFailure.MalformedHeader, "header Authorization is not Basic authentication");
        }

        var encoded = value.AsSpan(scheme.Length).Trim();
        var decoded = new byte[encoded.Length];
        if (!Convert.TryFromBase64Chars(encoded, decoded, out var written) || decoded.AsSpan(0, written).IndexOf((byte)':') < 0)
        {
            return VerificationResult.Fail(VerificationFailure.MalformedHeader, "header Authorization is not base64 of user:password");
        }

        return _matcher.Matches(decoded.AsSpan(0, written))
            ? VerificationResult.Valid
            : VerificationResult.Fail(VerificationFailure.BadSecret, "credentials in header Authorization are not accepted");
    }
}
