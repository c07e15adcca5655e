using Keyward.Core;
using Keyward.Scanning;

namespace Keyward.Posture.Checks;

/// <summary>KW001: no API key is written in the repository (the working tree, and with <c>--git</c> all history).</summary>
public sealed class NoHardcodedKeysCheck : IPostureCheck
{
    /// <inheritdoc/>
    public string Id => "KW001";

    /// <inheritdoc/>
    public string Title => "No hardcoded keys in the repository";

    /// <inheritdoc/>
    public Severity Severity => Severity.Critical;

    /// <inheritdoc/>
    public async Task<CheckResult> RunAsync(PostureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.RepositoryPath is null)
        {
            return CheckResult.Skip(this, "no repository was given (keyward check PATH)");
        }

        var findings = Secrets(await context.ScanWorkingTreeAsync().ConfigureAwait(false)).ToList();
        if (context.ScanHistory)
        {
            findings.AddRange(Secrets(await context.ScanHistoryAsync().ConfigureAwait(false)).Where(h => !findings.Any(f => f.Fingerprint == h.Fingerprint)));
        }

        var scope = context.ScanHistory ? "the working tree and its git history" : "the working tree (add --git for its history)";
        return findings.Count == 0
            ? CheckResult.Passed(this, $"no key found in {scope}")
            : CheckResult.Failed(
                this,
                $"{Plural.Of(findings.Count, "secret")} written in {scope}",
                [.. findings.Select(f => $"{f.Path}:{f.Line} {f.RuleId}{(f.Commit is { } c ? $" (commit {c.Sha[..Math.Min(12, c.Sha.Length)]})" : string.Empty)}")],
                "Treat each key as leaked: rotate it (keyward keys rotate --secret REF), keep the new one in a secret store (keyward secrets set REF), "
                + "read it from there instead of the file, and install the pre-commit hook (keyward hook install). Details: keyward scan .");
    }

    private static IEnumerable<Finding> Secrets(ScanResult result) =>
        result.Findings.Where(f => !f.RuleId.StartsWith("hygiene-", StringComparison.Ordinal));
}
