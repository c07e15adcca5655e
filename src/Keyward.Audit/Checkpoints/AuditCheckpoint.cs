using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Keyward.Audit.Checkpoints;

/// <summary>A signed statement "the log had entry <see cref="Sequence"/> with hash <see cref="HeadHash"/>", to keep
/// somewhere the database's admins cannot write (another machine, a ticket, a bucket with object lock).</summary>
/// <remarks>
/// Signed with ECDSA P-256 over a fixed text form. The checkpoint carries its public key, so check
/// <see cref="KeyFingerprint"/> against the one you expect: an attacker who rewrites the log and the checkpoint file
/// with their own key produces a valid signature under a different fingerprint.
/// </remarks>
/// <param name="Sequence">The signed entry's sequence.</param>
/// <param name="HeadHash">Its hash, hex.</param>
/// <param name="Algorithm">The chain's algorithm.</param>
/// <param name="Created">When the checkpoint was made.</param>
/// <param name="PublicKey">The signer's public key (SubjectPublicKeyInfo, base64).</param>
/// <param name="Signature">The signature (IEEE P1363, base64).</param>
public sealed record AuditCheckpoint(long Sequence, string HeadHash, string Algorithm, DateTimeOffset Created, string PublicKey, string Signature)
{
    private const string Format = "keyward-audit-checkpoint/1";

    /// <summary>Gets the first 16 hex characters of the SHA-256 of the public key: compare it with the one you keep.</summary>
    public string KeyFingerprint => Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(PublicKey)))[..16];

    /// <summary>Reads a checkpoint file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The checkpoint.</returns>
    /// <exception cref="InvalidDataException">The file is not a checkpoint.</exception>
    public static AuditCheckpoint Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), AuditCheckpointJsonContext.Default.AuditCheckpoint)
                ?? throw new InvalidDataException($"'{path}' is not a keyward audit checkpoint");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a keyward audit checkpoint: {e.Message}", e);
        }
    }

    /// <summary>Writes the checkpoint as JSON.</summary>
    /// <param name="path">The file (replaced).</param>
    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, AuditCheckpointJsonContext.Default.AuditCheckpoint));

    /// <summary>Tells whether the signature verifies under the embedded public key.</summary>
    /// <returns>Whether it does.</returns>
    public bool HasValidSignature()
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(PublicKey), out _);
            return key.VerifyData(Payload(Sequence, HeadHash, Algorithm, Created), Convert.FromBase64String(Signature), HashAlgorithmName.SHA256);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return false;
        }
    }

    internal static AuditCheckpoint Create(AuditEntry head, string algorithm, ECDsa key, DateTimeOffset now)
    {
        var created = Chain.AuditChain.Truncate(now);
        var signature = key.SignData(Payload(head.Sequence, head.HashHex, algorithm, created), HashAlgorithmName.SHA256);
        return new AuditCheckpoint(head.Sequence, head.HashHex, algorithm, created, Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()), Convert.ToBase64String(signature));
    }

    private static byte[] Payload(long sequence, string hash, string algorithm, DateTimeOffset created) =>
        Encoding.UTF8.GetBytes(string.Join('\n', Format, sequence.ToString(CultureInfo.InvariantCulture), hash, algorithm, created.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)));
}
