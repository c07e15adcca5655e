using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Keyward.Core.Secrets;

namespace Keyward.Webhooks.Verification;

/// <summary>Verifies Standard Webhooks 1.0 deliveries (https://www.standardwebhooks.com): HMAC-SHA256 over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, with a timestamp tolerance against replays.</summary>
/// <remarks>
/// <para>
/// Secrets are <c>whsec_</c> followed by base64 of the key bytes; the prefix is optional, as in the reference
/// libraries. The <c>webhook-signature</c> header is a space-separated list of <c>version,signature</c>
/// entries; only <c>v1</c> (HMAC-SHA256, base64) is checked and other versions, such as the asymmetric
/// <c>v1a</c>, are ignored (spec, "Signature scheme": several signatures let the sender rotate secrets). The
/// delivery is valid when any <c>v1</c> signature matches under any accepted secret; every pair is compared in
/// constant time.
/// </para>
/// <para>
/// The signature is checked before the timestamp, so <see cref="VerificationFailure.StaleTimestamp"/> means an
/// authentic delivery outside the tolerance (a replay or a skewed clock) and a forgery is always
/// <see cref="VerificationFailure.BadSignature"/>. The clock comes from the injected <see cref="TimeProvider"/>.
/// Thread-safe.
/// </para>
/// </remarks>
public sealed class StandardWebhooksVerifier : IWebhookVerifier
{
    private const string SecretPrefix = "whsec_";
    private const string Version = "v1";
    private const int MaxSignatures = 16;

    private readonly byte[][] _keys;
    private readonly TimeProvider _time;
    private readonly long _toleranceSeconds;

    /// <summary>Initializes a new instance of the <see cref="StandardWebhooksVerifier"/> class.</summary>
    /// <param name="secrets">Every secret currently accepted, each <c>whsec_</c> + base64 (or the bare base64).</param>
    /// <param name="time">The clock; the default value is <see cref="TimeProvider.System"/>.</param>
    /// <param name="tolerance">How far the timestamp may be from now, either way; the default value is five minutes.</param>
    /// <exception cref="ArgumentException">There is no secret, one is empty or not valid base64.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The tolerance is negative.</exception>
    public StandardWebhooksVerifier(IEnumerable<SecretValue> secrets, TimeProvider? time = null, TimeSpan? tolerance = null)
    {
        var list = VerifierGuard.Secrets(secrets, nameof(secrets));
        _keys = new byte[list.Count][];
        for (var i = 0; i < list.Count; i++)
        {
            _keys[i] = DecodeSecret(list[i])
                ?? throw new ArgumentException($"Secret {i + 1} is not a Standard Webhooks secret (whsec_ followed by non-empty base64).", nameof(secrets));
        }

        _time = time ?? TimeProvider.System;
        var window = tolerance ?? WebhookVerifyConstants.DefaultTolerance;
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero, nameof(tolerance));
        _toleranceSeconds = (long)window.TotalSeconds;
    }

    /// <inheritdoc/>
    public string Scheme => WebhookVerifyConstants.StandardWebhooksScheme;

    /// <summary>Decodes a <c>whsec_</c> secret (prefix optional) to its key bytes.</summary>
    /// <param name="secret">The secret.</param>
    /// <returns>The key, or null when the secret is not non-empty base64.</returns>
    internal static byte[]? DecodeSecret(SecretValue secret)
    {
        var text = secret.Reveal();
        if (text.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            text = text[SecretPrefix.Length..];
        }

        var buffer = new byte[text.Length];
        return text.Length > 0 && Convert.TryFromBase64String(text, buffer, out var written) && written > 0
            ? buffer[..written]
            : null;
    }

    /// <inheritdoc/>
    public VerificationResult Verify(HeaderLookup headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (!VerifierGuard.TryRead(headers, WebhookVerifyConstants.WebhookIdHeader, out var id, out var failure)
            || !VerifierGuard.TryRead(headers, WebhookVerifyConstants.WebhookTimestampHeader, out var timestampText, out failure)
            || !VerifierGuard.TryRead(headers, WebhookVerifyConstants.WebhookSignatureHeader, out var signatureText, out failure))
        {
            return failure;
        }

        // Unsigned integer seconds only: no sign, no fraction, no exponent (spec, "webhook-timestamp").
        if (!long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return VerificationResult.Fail(VerificationFailure.MalformedHeader, "header webhook-timestamp is not integer Unix seconds");
        }

        var entries = signatureText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (entries.Length > MaxSignatures)
        {
            return VerificationResult.Fail(VerificationFailure.MalformedHeader, $"header webhook-signature has more than {MaxSignatures} entries");
        }

        var signatures = new List<byte[]>();
        var v1Entries = 0;
        foreach (var entry in entries)
        {
            var comma = entry.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !entry.AsSpan(0, comma).SequenceEqual(Version))
            {
                continue; // Other versions (v1a, future ones) are not ours to judge.
            }

            v1Entries++;
            var decoded = new byte[HMACSHA256.HashSizeInBytes + 3];
            if (Convert.TryFromBase64String(entry[(comma + 1)..], decoded, out var written) && written == HMACSHA256.HashSizeInBytes)
            {
                signatures.Add(decoded[..written]);
            }
        }

        if (signatures.Count == 0)
        {
            return VerificationResult.Fail(VerificationFailure.MalformedHeader, v1Entries == 0
                ? "header webhook-signature has no v1 signature"
                : "header webhook-signature has no readable v1 signature (base64 of 32 bytes)");
        }

        if (!AnyMatches(id, timestamp, body, signatures))
        {
            return VerificationResult.Fail(VerificationFailure.BadSignature, "no v1 signature matches under an accepted secret");
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var skew = now - timestamp; // Cannot overflow: both are non-negative.
        return skew > _toleranceSeconds || -skew > _toleranceSeconds
            ? VerificationResult.Fail(VerificationFailure.StaleTimestamp, $"timestamp is {Math.Abs(skew)} s from now; tolerance is {_toleranceSeconds} s")
            : VerificationResult.Valid;
    }

    /// <summary>Computes the v1 signature of a message, as a sender puts it in <c>webhook-signature</c> after
    /// <c>v1,</c> (base64). For forwards that keyward itself signs.</summary>
    /// <param name="key">The decoded secret (<see cref="DecodeSecret"/>).</param>
    /// <param name="id">The <c>webhook-id</c>.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c>, in Unix seconds.</param>
    /// <param name="body">The exact body bytes.</param>
    /// <param name="mac">Receives the 32-byte HMAC-SHA256.</param>
    internal static void Sign(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body, Span<byte> mac) =>
        Sign(key, SignedPrefix(id, timestamp), body, mac);

    /// <summary>The signed prefix as the reference libraries build it: the id, then the timestamp as a plain integer.</summary>
    private static byte[] SignedPrefix(string id, long timestamp) =>
        Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.");

    private static void Sign(byte[] key, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body, Span<byte> mac)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        hmac.GetHashAndReset(mac);
    }

    private bool AnyMatches(string id, long timestamp, ReadOnlySpan<byte> body, List<byte[]> signatures)
    {
        var prefix = SignedPrefix(id, timestamp); // once, not once per accepted secret
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var matched = false;
        foreach (var key in _keys)
        {
            Sign(key, prefix, body, mac);
            foreach (var signature in signatures)
            {
                matched |= CryptographicOperations.FixedTimeEquals(mac, signature);
            }
        }

        return matched;
    }
}
