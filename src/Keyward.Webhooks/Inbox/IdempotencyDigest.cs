using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Keyward.Webhooks.Inbox;

/// <summary>A fixed-size stand-in for an event's source and idempotency key, for inboxes that find duplicates in
/// memory: the first 128 bits of the SHA-256 of both. Two different keys collide with a probability near 2^-128 a pair,
/// and a sender cannot choose keys that collide.</summary>
internal static class IdempotencyDigest
{
    private const int StackLimit = 1024;

    /// <summary>The digest of a source and key as the receiver has them.</summary>
    public static UInt128 Of(string source, string key)
    {
        var length = Encoding.UTF8.GetMaxByteCount(source.Length) + Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var sourceLength = Encoding.UTF8.GetBytes(source, buffer);
            var keyLength = Encoding.UTF8.GetBytes(key, buffer[sourceLength..]);
            return Of(buffer[..sourceLength], buffer.Slice(sourceLength, keyLength));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The digest of a source and key as SQLite stores them (UTF-8), with no strings made in between; the same
    /// as <see cref="Of(string, string)"/> for the same text.</summary>
    public static UInt128 Of(ReadOnlySpan<byte> sourceUtf8, ReadOnlySpan<byte> keyUtf8)
    {
        // Length-prefix the source, so ("a", "bc") and ("ab", "c") differ.
        var length = 4 + sourceUtf8.Length + keyUtf8.Length;
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer, sourceUtf8.Length);
            sourceUtf8.CopyTo(buffer[4..]);
            keyUtf8.CopyTo(buffer[(4 + sourceUtf8.Length)..]);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..length], hash);
            return BinaryPrimitives.ReadUInt128LittleEndian(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
