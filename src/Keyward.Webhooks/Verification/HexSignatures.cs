using System.Buffers;
using System.Security.Cryptography;

namespace Keyward.Webhooks.Verification;

/// <summary>Reads hex signatures and checks them against HMACs, for the hex-encoded schemes (HMAC-SHA256, Salesloft).</summary>
internal static class HexSignatures
{
    /// <summary>The most comma-separated signatures one header may carry; more is malformed, not more work.</summary>
    public const int MaxSignatures = 16;

    /// <summary>Decodes a list of hex signatures (comma-separated, as a header sent twice arrives), each with an optional
    /// prefix such as <c>sha256=</c>; hex is case-insensitive. An entry that is not exactly one digest (another
    /// algorithm the sender adds alongside, say) is skipped: only a matching HMAC can make a delivery valid, so skipping
    /// costs nothing. False when no entry is readable, or when there are more than <see cref="MaxSignatures"/>.</summary>
    public static bool TryParse(string value, string? prefix, int digestBytes, out List<byte[]> signatures)
    {
        signatures = [];
        var parts = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > MaxSignatures)
        {
            return false;
        }

        foreach (var part in parts)
        {
            var hex = part.AsSpan();
            if (prefix is not null && hex.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                hex = hex[prefix.Length..];
            }

            var bytes = new byte[digestBytes];
            if (hex.Length == digestBytes * 2
                && Convert.FromHexString(hex, bytes, out _, out var written) == OperationStatus.Done && written == digestBytes)
            {
                signatures.Add(bytes);
            }
        }

        return signatures.Count > 0;
    }

    /// <summary>Whether any signature equals the HMAC of the body under any key; every pair is compared, in constant time.</summary>
    public static bool AnyMatches(HashAlgorithmName algorithm, IReadOnlyList<byte[]> keys, ReadOnlySpan<byte> body, List<byte[]> signatures)
    {
        var matched = false;
        Span<byte> mac = stackalloc byte[64];
        foreach (var key in keys)
        {
#pragma warning disable CA5350 // Salesloft signs with HMAC-SHA1 and we must verify what it sends; HMAC-SHA1 is not broken as a MAC.
            var written = algorithm == HashAlgorithmName.SHA1
                ? HMACSHA1.HashData(key, body, mac)
                : HMACSHA256.HashData(key, body, mac);
#pragma warning restore CA5350
            foreach (var signature in signatures)
            {
                matched |= CryptographicOperations.FixedTimeEquals(mac[..written], signature);
            }
        }

        return matched;
    }
}
