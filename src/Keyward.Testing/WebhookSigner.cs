using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Keyward.Core.Secrets;
using Keyward.Webhooks.Verification;

namespace Keyward.Testing;

/// <summary>Produces the headers a sender would add to a delivery, for every scheme Keyward verifies, so you can test
/// your own webhook endpoint end to end.</summary>
/// <remarks>
/// Each method returns a case-insensitive header dictionary; <see cref="AsLookup"/> turns it into the
/// <see cref="HeaderLookup"/> a verifier reads. Sign the exact bytes you send: any change to the body, even a
/// re-serialised JSON, breaks the signature. Stateless and thread-safe.
/// </remarks>
public static class WebhookSigner
{
    private const string StandardWebhooksSecretPrefix = "whsec_";

    /// <summary>Builds the <c>header-secret</c> headers (Instantly's custom header).</summary>
    /// <param name="header">The header name configured on the subscription.</param>
    /// <param name="secret">The shared secret.</param>
    /// <returns>One header.</returns>
    public static IReadOnlyDictionary<string, string> HeaderSecret(string header, SecretValue secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(header);
        ArgumentNullException.ThrowIfNull(secret);
        return Headers((header, secret.Reveal()));
    }

    /// <summary>Builds the <c>hmac-sha256</c> headers: lowercase hex HMAC-SHA256 of the body, keyed by the UTF-8 secret.</summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="body">The exact body bytes.</param>
    /// <param name="header">The signature header; the default value is <c>X-Signature</c>.</param>
    /// <returns>One header.</returns>
    public static IReadOnlyDictionary<string, string> HmacSha256(SecretValue secret, ReadOnlySpan<byte> body, string header = WebhookVerifyConstants.DefaultHmacSha256Header)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentException.ThrowIfNullOrWhiteSpace(header);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret.Reveal()), body);
        return Headers((header, Convert.ToHexStringLower(mac)));
    }

    /// <summary>Builds Standard Webhooks headers: <c>webhook-id</c>, <c>webhook-timestamp</c> and a <c>v1</c>
    /// <c>webhook-signature</c> over <c>{id}.{timestamp}.{body}</c>.</summary>
    /// <param name="secret">The secret, <c>whsec_</c> + base64 of the key (the prefix is optional).</param>
    /// <param name="id">The message id; it must not contain a full stop.</param>
    /// <param name="timestamp">When the message was sent; sub-second parts are dropped.</param>
    /// <param name="body">The exact body bytes.</param>
    /// <returns>Three headers.</returns>
    /// <exception cref="ArgumentException">The secret is not valid base64, or the id is empty or has a full stop.</exception>
    public static IReadOnlyDictionary<string, string> StandardWebhooks(SecretValue secret, string id, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (id.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException("A Standard Webhooks message id must not contain a full stop.", nameof(id));
        }

        var key = DecodeStandardWebhooksSecret(secret);
        var seconds = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes($"{id}.{seconds}."));
        hmac.AppendData(body);
        var signature = "v1," + Convert.ToBase64String(hmac.GetHashAndReset());
        return Headers(
            (WebhookVerifyConstants.WebhookIdHeader, id),
            (WebhookVerifyConstants.WebhookTimestampHeader, seconds),
            (WebhookVerifyConstants.WebhookSignatureHeader, signature));
    }

    /// <summary>Builds Salesloft headers: <c>x-salesloft-signature</c>, the lowercase hex HMAC-SHA1 of the body keyed
    /// by the callback token.</summary>
    /// <param name="token">The subscription's callback token.</param>
    /// <param name="body">The exact body bytes.</param>
    /// <returns>One header.</returns>
    public static IReadOnlyDictionary<string, string> Salesloft(SecretValue token, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(token);
#pragma warning disable CA5350 // Salesloft's scheme is HMAC-SHA1; a test signer has to produce it.
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(token.Reveal()), body);
#pragma warning restore CA5350
        return Headers((WebhookVerifyConstants.SalesloftSignatureHeader, Convert.ToHexStringLower(mac)));
    }

    /// <summary>Builds the <c>Authorization: Basic</c> header.</summary>
    /// <param name="user">The user name; it must not contain a colon.</param>
    /// <param name="password">The password.</param>
    /// <returns>One header.</returns>
    public static IReadOnlyDictionary<string, string> BasicAuth(string user, SecretValue password)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentNullException.ThrowIfNull(password);
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password.Reveal()}"));
        return Headers((WebhookVerifyConstants.AuthorizationHeader, "Basic " + credentials));
    }

    /// <summary>Adapts a header dictionary to the <see cref="HeaderLookup"/> a verifier reads.</summary>
    /// <param name="headers">The headers; looked up as given (the signers' dictionaries ignore case).</param>
    /// <returns>The lookup.</returns>
    public static HeaderLookup AsLookup(IReadOnlyDictionary<string, string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return name => headers.TryGetValue(name, out var value) ? value : null;
    }

    private static byte[] DecodeStandardWebhooksSecret(SecretValue secret)
    {
        var text = secret.Reveal();
        if (text.StartsWith(StandardWebhooksSecretPrefix, StringComparison.Ordinal))
        {
            text = text[StandardWebhooksSecretPrefix.Length..];
        }

        var key = new byte[text.Length];
        if (text.Length == 0 || !Convert.TryFromBase64String(text, key, out var written) || written == 0)
        {
            throw new ArgumentException("Not a Standard Webhooks secret (whsec_ followed by non-empty base64).", nameof(secret));
        }

        return key[..written];
    }

    private static Dictionary<string, string> Headers(params (string Name, string Value)[] headers)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            result[name] = value;
        }

        return result;
    }
}
