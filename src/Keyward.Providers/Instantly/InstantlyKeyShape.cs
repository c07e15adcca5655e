using System.Text;
using Keyward.Core.Secrets;

namespace Keyward.Providers.Instantly;

/// <summary>What can be read from an Instantly key value without calling the API: the one place for the
/// assumptions about the key's undocumented shape (reference, section 6.1).</summary>
public static class InstantlyKeyShape
{
    /// <summary>Reads the key's id: the observed keys are base64 of <c>&lt;uuid&gt;:&lt;secret&gt;</c>, and this
    /// assumes the UUID is the key's <c>id</c> in <c>GET /api/v2/api-keys</c> (uncertain; the sandbox does the same).</summary>
    /// <param name="key">The key.</param>
    /// <param name="id">The id, when the key has the observed shape.</param>
    /// <returns>Whether it has.</returns>
    public static bool TryGetKeyId(SecretValue key, out Guid id)
    {
        ArgumentNullException.ThrowIfNull(key);
        id = Guid.Empty;
        var value = key.Reveal();
        var bytes = new byte[value.Length];
        if (!Convert.TryFromBase64String(value, bytes, out var written))
        {
            return false;
        }

        var decoded = Encoding.ASCII.GetString(bytes, 0, written);
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon == 36 && Guid.TryParseExact(decoded[..colon], "D", out id);
    }
}
