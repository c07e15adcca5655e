using System.Security.Cryptography;
using System.Text;

namespace Keyward.Tests.Shared;

/// <summary>
/// Unique synthetic test values. Keys are generated at run time so no key-shaped literal sits in the test sources
/// (our own scan of this repository stays clean); every value is random and unusable against a real vendor.
/// </summary>
internal static class Some
{
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string AlphanumericString(int length) => RandomNumberGenerator.GetString(Alphanumeric, length);

    public static string Hex(int length) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes((length + 1) / 2))[..length];

    /// <summary>An Instantly-shaped key: base64 of "uuid:secret" (reference 6.1); 68 characters for a 12-character secret.</summary>
    public static string InstantlyKey(int secretLength = 12) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(InstantlyKeyDecoded(secretLength)));

    public static string InstantlyKeyDecoded(int secretLength = 12) => $"{Guid.NewGuid():D}:{AlphanumericString(secretLength)}";

    /// <summary>A Salesloft-shaped key: "ak_" and 64 lowercase hex characters.</summary>
    public static string SalesloftKey() => "ak_" + Hex(64);

    public static string Name(string prefix = "x") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
