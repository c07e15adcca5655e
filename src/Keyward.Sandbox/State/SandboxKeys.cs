using System.Security.Cryptography;
using System.Text;

namespace Keyward.Sandbox.State;

/// <summary>Makes API key values in the observed Instantly shape: base64 of <c>&lt;uuid&gt;:&lt;12 alphanumerics&gt;</c>
/// (68 characters ending in <c>==</c>; reference, section 6.1).</summary>
internal static class SandboxKeys
{
    private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Returns a new key value for the key with id <paramref name="keyId"/>.</summary>
    public static string NewValue(Guid keyId) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"{keyId:D}:{RandomNumberGenerator.GetString(Alphanumerics, 12)}"));

    /// <summary>Returns a Salesloft API key value in the documented v2 shape, <c>v2_ak_&lt;digits&gt;_&lt;64 hex&gt;</c>.</summary>
    public static string NewSalesloftValue() =>
        $"v2_ak_{RandomNumberGenerator.GetInt32(100_000, 999_999)}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";

    /// <summary>Returns the first four characters of a key, for lists and logs.</summary>
    public static string Mask(string value) => string.Concat(value.AsSpan(0, Math.Min(4, value.Length)), "...");
}
