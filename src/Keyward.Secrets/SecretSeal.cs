using System.Security.Cryptography;
using System.Text;
using Keyward.Secrets.Stores;

namespace Keyward.Secrets;

/// <summary>Seals a value with the master key (AES-256-GCM: 12-byte nonce, 16-byte tag, then the ciphertext), bound to
/// a context string so a sealed value only opens where it was sealed. The vault file, the PostgreSQL store and the
/// rotation journal (which must hold a new key's value until it is safely stored) all seal this way.</summary>
/// <remarks>The master key is <c>KEYWARD_MASTER_KEY</c>, else the key file (created on first use). Thread-safe.</remarks>
public sealed class SecretSeal
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>The bytes a sealed value adds to its plain text.</summary>
    public const int Overhead = NonceSize + TagSize;

    private readonly string? _masterKeyFile;

    /// <summary>Initializes a new instance of the <see cref="SecretSeal"/> class.</summary>
    /// <param name="masterKeyFile">The key file when <c>KEYWARD_MASTER_KEY</c> is not set; default <c>~/.keyward/master.key</c>.</param>
    public SecretSeal(string? masterKeyFile = null) => _masterKeyFile = masterKeyFile;

    /// <summary>Seals text.</summary>
    /// <param name="value">The text.</param>
    /// <param name="context">What the value is, for example its name and version; <see cref="Open(byte[], string, string)"/> needs the same.</param>
    /// <returns>The sealed bytes.</returns>
    public byte[] Seal(string value, string context)
    {
        ArgumentNullException.ThrowIfNull(value);
        var plain = Encoding.UTF8.GetBytes(value);
        try
        {
            return Seal(MasterKey.Load(_masterKeyFile), plain, Encoding.UTF8.GetBytes(context));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Opens what <see cref="Seal(string, string)"/> sealed.</summary>
    /// <param name="sealedValue">The sealed bytes.</param>
    /// <param name="context">The context it was sealed with.</param>
    /// <param name="description">What the value is, for the error message, for example <c>secret 'X' version 3</c>.</param>
    /// <returns>The text.</returns>
    /// <exception cref="SecretStoreException">Another master key, another context, or modified bytes; the message
    /// says so and never guesses.</exception>
    public string Open(byte[] sealedValue, string context, string description = "a sealed value")
    {
        ArgumentNullException.ThrowIfNull(sealedValue);
        var plain = Open(MasterKey.Load(_masterKeyFile), sealedValue, Encoding.UTF8.GetBytes(context), description);
        try
        {
            return Encoding.UTF8.GetString(plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Seals <paramref name="plain"/> under <paramref name="key"/>: nonce, tag, ciphertext.</summary>
    internal static byte[] Seal(byte[] key, ReadOnlySpan<byte> plain, ReadOnlySpan<byte> associated, int prefix = 0)
    {
        var sealedValue = new byte[prefix + Overhead + plain.Length];
        var body = sealedValue.AsSpan(prefix);
        RandomNumberGenerator.Fill(body[..NonceSize]);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(body[..NonceSize], plain, body[Overhead..], body.Slice(NonceSize, TagSize), associated);
        return sealedValue;
    }

    /// <summary>Opens a value <see cref="Seal(byte[], ReadOnlySpan{byte}, ReadOnlySpan{byte}, int)"/> sealed.</summary>
    /// <exception cref="SecretStoreException">Wrong key, wrong context or modified bytes.</exception>
    internal static byte[] Open(byte[] key, ReadOnlySpan<byte> sealedValue, ReadOnlySpan<byte> associated, string what)
    {
        if (sealedValue.Length < Overhead)
        {
            throw new SecretStoreException($"{what} is too short to be a sealed value");
        }

        var plain = new byte[sealedValue.Length - Overhead];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(sealedValue[..NonceSize], sealedValue[Overhead..], sealedValue.Slice(NonceSize, TagSize), plain, associated);
            return plain;
        }
        catch (AuthenticationTagMismatchException e)
        {
            CryptographicOperations.ZeroMemory(plain);
            throw new SecretStoreException(
                $"{what} cannot be decrypted: the master key is not the one it was written with ({MasterKey.Variable} or the key file), or it was modified", e);
        }
    }
}
