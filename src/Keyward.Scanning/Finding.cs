using Keyward.Core;
using Keyward.Core.Secrets;

namespace Keyward.Scanning;

/// <summary>A leaked secret (or a hygiene problem) at a place in a file or in history.</summary>
/// <param name="RuleId">The rule that found it, for example <c>salesloft-api-key</c>.</param>
/// <param name="Description">What the rule finds.</param>
/// <param name="Severity">How bad it is.</param>
/// <param name="Path">The file, relative to the scan root, '/'-separated.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column where the secret starts.</param>
/// <param name="Secret">The secret, redacted unless revealed on purpose; null for hygiene findings about a file.</param>
/// <param name="Fingerprint">Stable across line moves: rule, path and a hash of the secret.</param>
/// <param name="Commit">For history findings, the commit that introduced it.</param>
/// <param name="Encoding">How the secret was encoded where it was found (<c>base64</c>, <c>hex</c>, <c>percent</c>), or null.</param>
public sealed record Finding(
    string RuleId,
    string Description,
    Severity Severity,
    string Path,
    int Line,
    int Column,
    SecretValue? Secret,
    string Fingerprint,
    CommitInfo? Commit = null,
    string? Encoding = null)
{
    /// <summary>Gets or initializes the result of <c>--verify</c>, or null when not verified.</summary>
    public VerificationStatus? Verification { get; init; }
}
