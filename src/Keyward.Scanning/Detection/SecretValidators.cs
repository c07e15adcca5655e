using System.Buffers;
using System.Text;

namespace Keyward.Scanning.Detection;

/// <summary>Code checks a rule can require of a secret after its regex matched.</summary>
internal static class SecretValidators
{
    public static bool IsValid(string validator, string secret) => validator switch
    {
        "instantly-key" => IsInstantlyKey(secret),
        _ => throw new InvalidOperationException($"unknown validator '{validator}'"),
    };

    /// <summary>
    /// An Instantly API v2 key is the standard base64 of <c>&lt;uuid&gt;:&lt;secret&gt;</c> (reference section 6.1;
    /// observed with a 12-character secret, accepted here with 8 to 64 letters and digits).
    /// </summary>
    public static bool IsInstantlyKey(string candidate)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(candidate.Length);
        try
        {
            if (!Convert.TryFromBase64String(candidate, bytes, out var written))
            {
                return false;
            }

            return IsDecodedInstantlyKey(Encoding.ASCII.GetString(bytes, 0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    public static bool IsDecodedInstantlyKey(string text)
    {
        if (text.Length < 36 + 1 + 8 || text.Length > 36 + 1 + 64 || text[36] != ':' || !Guid.TryParseExact(text.AsSpan(0, 36), "D", out _))
        {
            return false;
        }

        foreach (var c in text.AsSpan(37))
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
