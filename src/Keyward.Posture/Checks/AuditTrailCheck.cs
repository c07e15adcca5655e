using Keyward.Audit.Import;
using Keyward.Core;

namespace Keyward.Posture.Checks;

/// <summary>KW011: the local audit log verifies (nothing changed, removed or reordered), and Instantly's audit log is
/// reachable and was pulled into it recently.</summary>
public sealed class AuditTrailCheck : IPostureCheck
{
    /// <inheritdoc/>
    public string Id => "KW011";

    /// <inheritdoc/>
    public string Title => "The audit trail verifies and is pulled regularly";

    /// <inheritdoc/>
    public Severity Severity => Severity.Medium;

    /// <inheritdoc/>
    public async Task<CheckResult> RunAsync(PostureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.AuditLog is not { } log)
        {
            return CheckResult.Skip(this, "no local audit log is configured (audit.store in keyward.yaml)");
        }

        if (context.Workspace is { AuditLog.Missing: { } missing })
        {
            return CheckResult.Skip(this, $"Instantly's audit log cannot be read: {missing}");
        }

        var evidence = new List<string>();
        var fixes = new List<string>();
        var verification = await log.VerifyAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!verification.IsValid)
        {
            evidence.Add($"the local audit log does not verify: {verification.Problem}");
            fixes.Add("keyward audit-log verify shows the first broken entry; restore the log from a backup or a signed checkpoint");
        }

        if (context.Workspace is not null)
        {
            var since = context.Time.GetUtcNow() - context.Policy.AuditPullMaxAge;
            var pulled = false;
            await foreach (var entry in log.ReadAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                pulled |= entry.Action == InstantlyAuditImporter.PullAction && entry.Timestamp >= since;
            }

            if (!pulled)
            {
                evidence.Add($"Instantly's audit log was not pulled in the last {(int)context.Policy.AuditPullMaxAge.TotalDays} days");
                fixes.Add("keyward audit-log pull (schedule it daily)");
            }
        }

        return evidence.Count == 0
            ? CheckResult.Passed(this, $"the local audit log verifies ({verification.EntriesChecked} entries){(context.Workspace is null ? string.Empty : " and Instantly's was pulled recently")}")
            : CheckResult.Failed(this, Plural.Of(evidence.Count, "audit trail problem"), evidence, string.Join("; ", fixes));
    }
}
