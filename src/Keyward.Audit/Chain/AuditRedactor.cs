using System.Text.RegularExpressions;
using Keyward.Core.Secrets;
using Keyward.Core.Text;
using Keyward.Providers.Instantly;

namespace Keyward.Audit.Chain;

/// <summary>Keeps secrets out of entries: every text field and every metadata value is searched for bearer tokens,
/// known key shapes and long mixed-case high-entropy tokens, and metadata values under secret-sounding names are
/// replaced outright. What is found becomes its redacted preview (<c>abcd...(68 chars)</c>).</summary>
/// <remarks>Ids, hashes and paths stay readable: UUIDs and hex are single-case, paths have no upper case. A
/// redacted entry is still chained: the log records that something was there, never what.</remarks>
internal static partial class AuditRedactor
{
    public static string Redact(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var redacted = Bearer().Replace(value, m => m.Groups[1].Value + Preview(m.Groups[2].Value));
        redacted = SecretParameter().Replace(redacted, m => m.Groups[1].Value + Preview(m.Groups[2].Value));
        redacted = KnownShapes().Replace(redacted, m => Preview(m.Value));
        return LongTokens().Replace(redacted, m => LooksSecret(m.Value) ? Preview(m.Value) : m.Value);
    }

    public static string? RedactNullable(string? value) => value is null ? null : Redact(value);

    /// <summary>Canonical JSON of the metadata: values under secret-sounding names become previews, every other
    /// value is searched like any text.</summary>
    public static string Metadata(IReadOnlyDictionary<string, string>? values) =>
        CanonicalJson.FromDictionary(values, (name, value) => SecretName().IsMatch(name) ? Preview(value) : Redact(value));

    /// <summary>An Instantly key (base64 of <c>uuid:secret</c>, whatever its entropy), or a long token mixing upper
    /// case, lower case and digits with high entropy.</summary>
    private static bool LooksSecret(string token) =>
        InstantlyKeyShape.TryGetKeyId(new SecretValue(token), out _)
        || (token.Any(char.IsAsciiLetterUpper) && token.Any(char.IsAsciiLetterLower) && token.Any(char.IsAsciiDigit) && Entropy.Shannon(token) >= 3.5);

    private static string Preview(string secret) => secret.Length == 0 ? secret : $"[redacted {new SecretValue(secret).Preview}]";

    [GeneratedRegex(@"(?i)(bearer\s+)([^\s""',;]{8,})")]
    private static partial Regex Bearer();

    [GeneratedRegex(@"(?i)([?&;](?:api[_\-]?key|key|access[_\-]?token|token|secret|password|sig|signature)=)([^&\s#]+)")]
    private static partial Regex SecretParameter();

    [GeneratedRegex(@"v2_ak_[0-9]+_[0-9a-f]{64}|\bak_[0-9a-f]{64}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}|glpat-[A-Za-z0-9_\-]{20,}|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9+/=]{16,}|xox[abprs]-[A-Za-z0-9\-]{10,}|(?:AKIA|ASIA)[A-Z2-7]{16}|SG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}|sk-[A-Za-z0-9_\-]{20,}|AIza[0-9A-Za-z_\-]{35}|pat-[a-z0-9]{2,4}-[0-9a-f\-]{36}|-----BEGIN [A-Z ]*PRIVATE KEY-----")]
    private static partial Regex KnownShapes();

    [GeneratedRegex(@"(?<![A-Za-z0-9+/_\-])[A-Za-z0-9+/_\-]{24,}={0,2}(?![A-Za-z0-9+/=_\-])")]
    private static partial Regex LongTokens();

    [GeneratedRegex(@"(?i)secret|passw(?:or)?d|token|api[_\-]?key|authorization|credential|private[_\-]?key|^key$")]
    private static partial Regex SecretName();
}
