using Keyward.Core.Secrets;

namespace Keyward.Scanning;

/// <summary>Computes finding fingerprints: stable when lines move, different per file and per secret.</summary>
public static class Fingerprints
{
    /// <summary>Computes <c>rule:path:hash</c>, where hash is the first 16 hex digits of SHA-256 of the secret.</summary>
    /// <param name="ruleId">The rule id.</param>
    /// <param name="path">The relative path.</param>
    /// <param name="secret">The secret, or null for a finding about the file itself.</param>
    /// <returns>The fingerprint; safe to commit in <c>.keywardignore</c> (the hash cannot be reversed into a key).</returns>
    public static string Compute(string ruleId, string path, SecretValue? secret) =>
        secret is null ? $"{ruleId}:{path}" : $"{ruleId}:{path}:{secret.Sha256Hex()[..16]}";
}
