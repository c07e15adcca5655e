using System.Security.Cryptography;
using Keyward.Core.IO;

namespace Keyward.Secrets.Stores;

/// <summary>The vault file's 256-bit master key: <c>KEYWARD_MASTER_KEY</c> (base64 of 32 bytes) when set, else a
/// key file readable only by its owner, created with 32 random bytes on first use.</summary>
internal static class MasterKey
{
    public const string Variable = "KEYWARD_MASTER_KEY";

    public static string DefaultFile =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".keyward", "master.key");

    /// <exception cref="SecretStoreException">The variable or the file does not hold 32 base64 bytes.</exception>
    public static byte[] Load(string? keyFile)
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment)
        {
            return Decode(fromEnvironment, Variable);
        }

        var path = keyFile ?? DefaultFile;
        if (File.Exists(path))
        {
            return Decode(File.ReadAllText(path).Trim(), path);
        }

        // First use, possibly by several threads or processes at once: each writes a complete key file under a
        // temporary name and links it into place; the first wins and the others read the winner's key. A reader
        // never sees a half-written file, and no two users end up with different keys.
        var key = RandomNumberGenerator.GetBytes(32);
        var candidate = $"{path}.{Guid.NewGuid():N}.tmp";
        PrivateFile.CreateNew(candidate, Convert.ToBase64String(key));
        try
        {
            File.Move(candidate, path, overwrite: false);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(candidate);
            return Decode(File.ReadAllText(path).Trim(), path);
        }
    }

    private static byte[] Decode(string text, string source)
    {
        var key = new byte[32];
        return Convert.TryFromBase64String(text, key, out var written) && written == 32
            ? key
            : throw new SecretStoreException($"{source} must hold a base64 256-bit key (32 bytes), for example from: openssl rand -base64 32");
    }
}
