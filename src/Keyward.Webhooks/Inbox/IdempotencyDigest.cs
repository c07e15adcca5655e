using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Keyward.Webhooks.Inbox;

/// <summary>A fixed-size stand-in for an event's source and idempotency key, for inboxes that find duplicates in
/// memory: the first 128 bits of the SHA-256 of both. Two different keys collide with a probability near 2^-128 a pair,
/// and a sender cannot choose keys that collide.</summary>
internal static class IdempotencyDigest
{
    public static UInt128 Of(string source, string key)
    {
        // Length-prefix the source, so ("a", "bc") and ("ab", "c") differ.
        var length = 4 + Encoding.UTF8.GetMaxByteCount(source.Length) + Encoding.UTF8.GetMaxByteCount(key.Length);
        var rented = length <= 1024 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var buffer = rented is null ? stackalloc byte[length] : rented;
            var sourceBytes = Encoding.UTF8.GetBytes(source, buffer[4..]);
            BinaryPrimitives.WriteInt32LittleEndian(buffer, sourceBytes);
            var written = 4 + sourceBytes + Encoding.UTF8.GetBytes(key, buffer[(4 + sourceBytes)..]);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..written], hash);
            return BinaryPrimitives.ReadUInt128LittleEndian(hash);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
