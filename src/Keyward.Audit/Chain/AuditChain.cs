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
        var encoded = Encode(entry);
        return _key is null ? SHA256.HashData(encoded) : HMACSHA256.HashData(_key, encoded);
    }

    /// <summary>Timestamps are kept to the microsecond, the precision both stores hold.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % (TimeSpan.TicksPerMillisecond / 1000)), TimeSpan.Zero);

    private static byte[] Encode(AuditEntry entry)
    {
        using var buffer = new MemoryStream(256);
        buffer.Write(entry.PreviousHash);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, entry.Sequence);
        buffer.Write(number);
        BinaryPrimitives.WriteInt64BigEndian(number, (entry.Timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
        buffer.Write(number);
        Span<byte> length = stackalloc byte[4];
        foreach (var field in new[] { entry.Actor, entry.Action, entry.Resource, entry.Succeeded ? "success" : "failure", entry.Reason, entry.Metadata, entry.Source, entry.SourceId })
        {
            if (field is null)
            {
                BinaryPrimitives.WriteInt32BigEndian(length, -1);
                buffer.Write(length);
                continue;
            }

            var bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }

        return buffer.ToArray();
    }
}
