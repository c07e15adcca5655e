using System.Security.Cryptography;
using Keyward.Core.IO;

namespace Keyward.Audit.Checkpoints;

/// <summary>The checkpoint signing key: an ECDSA P-256 private key in a PEM file readable only by its owner,
/// created on first use.</summary>
public static class CheckpointKeys
{
    /// <summary>Loads the key, creating it (mode 0600) when the file does not exist.</summary>
    /// <param name="path">The PEM file.</param>
    /// <returns>The key; dispose it.</returns>
    /// <exception cref="InvalidDataException">The file holds no usable EC private key.</exception>
    public static ECDsa LoadOrCreate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (File.Exists(path))
        {
            try
            {
                key.ImportFromPem(File.ReadAllText(path));
                return key;
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                key.Dispose();
                throw new InvalidDataException($"'{path}' holds no EC private key in PEM form: {e.Message}", e);
            }
        }

        PrivateFile.CreateNew(path, key.ExportPkcs8PrivateKeyPem());
        return key;
    }
}
