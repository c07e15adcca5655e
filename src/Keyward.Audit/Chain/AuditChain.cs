using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Keyward.Audit.Chain;

/// <summary>Computes entry hashes: <c>H(previous hash || canonical encoding)</c>, where H is HMAC-SHA256 with a
/// secret key when one is configured (so whoever can write the database still cannot forge a valid chain) and
/// plain SHA-256 otherwise (which detects accidents and careless edits, not a determined database admin).</summary>
/// <remarks>
/// The canonical encoding is a fixed field order, each field length-prefixed (big-endian int32 byte count, -1 for
/// null) after the big-endian sequence and the timestamp in Unix microseconds: unambiguous, so no two different
/// entries encode the same. Immutable and thread-safe.
/// </remarks>
internal sealed class AuditChain
{
    /// <summary>The previous hash of the first entry.</summary>
    public static readonly byte[] Genesis = new byte[32];

    private readonly byte[]? _key;

    public AuditChain(byte[]? hmacKey)
    {
        if (hmacKey is { Length: < 32 })
        {
            throw new ArgumentException("the audit HMAC key must be at least 32 bytes", nameof(hmacKey));
        }

        _key = hmacKey;
    }

    /// <summary>Gets the algorithm name stored with the log: <c>hmac-sha256</c> or <c>sha256</c>.</summary>
    public string Algorithm => _key is null ? "sha256" : "hmac-sha256";

    public AuditEntry Link(PendingEntry pending, long sequence, byte[] previousHash)
    {
        var timestamp = Truncate(pending.Timestamp);
        var entry = new AuditEntry(
            sequence, timestamp, pending.Actor, pending.Action, pending.Resource, pending.Succeeded, pending.Reason,
            pending.Metadata, pending.Source, pending.SourceId, previousHash, []);
        return entry with { Hash = Compute(entry) };
    }

    /// <summary>Recomputes what <paramref name="entry"/>'s hash must be, from its fields and previous hash.</summary>
    public byte[] Compute(AuditEntry entry)
    {
        var hash = new byte[32];
        Compute(entry, hash);
        return hash;
    }

    /// <summary>Tells whether <paramref name="entry"/>'s stored hash is the one its fields and previous hash give.</summary>
    public bool Matches(AuditEntry entry)
    {
        Span<byte> hash = stackalloc byte[32];
        Compute(entry, hash);
        return hash.SequenceEqual(entry.Hash);
    }

    /// <summary>Timestamps are kept to the microsecond, the precision both stores hold.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % (TimeSpan.TicksPerMillisecond / 1000)), TimeSpan.Zero);

    private void Compute(AuditEntry entry, Span<byte> destination)
    {
        var size = MaxSize(entry);
        var rented = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var written = Encode(entry, rented);
            var encoded = rented.AsSpan(0, written);
            _ = _key is null ? SHA256.HashData(encoded, destination) : HMACSHA256.HashData(_key, encoded, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int MaxSize(AuditEntry entry) =>
        entry.PreviousHash.Length + 16 + (8 * 4)
        + Encoding.UTF8.GetMaxByteCount(entry.Actor.Length + entry.Action.Length + entry.Resource.Length + 7
            + (entry.Reason?.Length ?? 0) + entry.Metadata.Length + entry.Source.Length + (entry.SourceId?.Length ?? 0));

    private static int Encode(AuditEntry entry, Span<byte> buffer)
    {
        entry.PreviousHash.CopyTo(buffer);
        var position = entry.PreviousHash.Length;
        BinaryPrimitives.WriteInt64BigEndian(buffer[position..], entry.Sequence);
        BinaryPrimitives.WriteInt64BigEndian(buffer[(position + 8)..], (entry.Timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
        position += 16;
        position = Field(buffer, position, entry.Actor);
        position = Field(buffer, position, entry.Action);
        position = Field(buffer, position, entry.Resource);
        position = Field(buffer, position, entry.Succeeded ? "success" : "failure");
        position = Field(buffer, position, entry.Reason);
        position = Field(buffer, position, entry.Metadata);
        position = Field(buffer, position, entry.Source);
        return Field(buffer, position, entry.SourceId);
    }

    /// <summary>Writes a big-endian int32 byte count (-1 for null), then the UTF-8 bytes.</summary>
    private static int Field(Span<byte> buffer, int position, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(buffer[position..], -1);
            return position + 4;
        }

        var length = Encoding.UTF8.GetBytes(value, buffer[(position + 4)..]);
        BinaryPrimitives.WriteInt32BigEndian(buffer[position..], length);
        return position + 4 + length;
    }
}
