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

    /// <summary>Computes <paramref name="entry"/>'s hash from its fields and previous hash.</summary>
    public byte[] Compute(AuditEntry entry)
    {
        var hash = new byte[32];
        Compute(entry, hash);
        return hash;
    }

    /// <summary>Tells whether <paramref name="hash"/> is the hash of an already encoded entry.</summary>
    public bool Matches(ReadOnlySpan<byte> encoded, ReadOnlySpan<byte> hash)
    {
        Span<byte> computed = stackalloc byte[32];
        _ = _key is null ? SHA256.HashData(encoded, computed) : HMACSHA256.HashData(_key, encoded, computed);
        return computed.SequenceEqual(hash);
    }

    /// <summary>Encodes an entry as the hash covers it (see <see cref="Encode(AuditEntry, Span{byte})"/>).</summary>
    public static byte[] Encode(AuditEntry entry)
    {
        var rented = ArrayPool<byte>.Shared.Rent(MaxSize(entry));
        try
        {
            return rented.AsSpan(0, Encode(entry, rented)).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Writes the fixed header of the encoding: previous hash, sequence, timestamp in microseconds.</summary>
    public static int WriteHeader(Span<byte> buffer, ReadOnlySpan<byte> previousHash, long sequence, long timestampMicroseconds)
    {
        previousHash.CopyTo(buffer);
        var position = previousHash.Length;
        BinaryPrimitives.WriteInt64BigEndian(buffer[position..], sequence);
        BinaryPrimitives.WriteInt64BigEndian(buffer[(position + 8)..], timestampMicroseconds);
        return position + 16;
    }

    /// <summary>Writes one field of the encoding from its UTF-8 bytes, or a null field.</summary>
    public static int WriteField(Span<byte> buffer, int position, ReadOnlySpan<byte> utf8, bool isNull)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer[position..], isNull ? -1 : utf8.Length);
        if (isNull)
        {
            return position + 4;
        }

        utf8.CopyTo(buffer[(position + 4)..]);
        return position + 4 + utf8.Length;
    }

    /// <summary>The UTF-8 text of the result field.</summary>
    public static ReadOnlySpan<byte> ResultText(bool succeeded) => succeeded ? "success"u8 : "failure"u8;

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

    /// <summary>Previous hash, sequence and timestamp (big-endian), then actor, action, resource, result, reason,
    /// metadata, source and source id, each as a big-endian byte count (-1 for null) and its UTF-8 bytes.</summary>
    private static int Encode(AuditEntry entry, Span<byte> buffer)
    {
        var position = WriteHeader(buffer, entry.PreviousHash, entry.Sequence, (entry.Timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
        position = Field(buffer, position, entry.Actor);
        position = Field(buffer, position, entry.Action);
        position = Field(buffer, position, entry.Resource);
        position = WriteField(buffer, position, ResultText(entry.Succeeded), isNull: false);
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
