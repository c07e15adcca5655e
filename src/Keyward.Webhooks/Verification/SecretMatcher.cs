using System.Security.Cryptography;
using System.Text;
using Keyward.Core.Secrets;

namespace Keyward.Webhooks.Verification;

/// <summary>Compares a presented secret with every accepted secret in constant time.</summary>
/// <remarks>
/// Both sides are hashed with SHA-256 first, so every comparison is over 32 bytes: a presented value of another
/// length takes the same path as one of the right length, and no early exit in our code tells a prober how long the
/// secret is. Every accepted secret is compared and the results are combined without short-circuiting, so the time
/// does not say which one matched. Only the hashes are kept.
/// </remarks>
internal sealed class SecretMatcher
{
    private readonly byte[][] _hashes;

    public SecretMatcher(IEnumerable<byte[]> acceptedValues)
    {
        _hashes = [.. acceptedValues.Select(v => SHA256.HashData(v))];
    }

    public static SecretMatcher FromSecrets(IEnumerable<SecretValue> secrets) =>
        new(secrets.Select(s => Encoding.UTF8.GetBytes(s.Reveal())));

    public bool Matches(ReadOnlySpan<byte> presented)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(presented, hash);
        var matched = false;
        foreach (var accepted in _hashes)
        {
            matched |= CryptographicOperations.FixedTimeEquals(hash, accepted);
        }

        return matched;
    }

    public bool Matches(string presented) => Matches(Encoding.UTF8.GetBytes(presented));
}
