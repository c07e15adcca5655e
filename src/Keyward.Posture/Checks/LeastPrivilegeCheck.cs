using Keyward.Core;

namespace Keyward.Posture.Checks;

/// <summary>KW005: least privilege in practice. Each key's scopes are compared with the operations Instantly's audit
/// log shows it calling, as a cloud access analyzer does for IAM: unused scopes are reported with the minimal set.</summary>
public sealed class LeastPrivilegeCheck : IPostureCheck
{
    /// <inheritdoc/>
    public string Id => "KW005";

    /// <inheritdoc/>
    public string Title => "Keys hold only the scopes their calls need";

    /// <inheritdoc/>
    public Severity Severity => Severity.Medium;

    /// <inheritdoc/>
    public async Task<CheckResult> RunAsync(PostureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Workspace is not { } workspace)
        {
            return CheckResult.Skip(this, context.NoWorkspaceReason);
        }

        if (workspace.Keys.Missing is not null || workspace.AuditLog.Missing is not null)
        {
            return CheckResult.Skip(this, workspace.Keys.Missing ?? workspace.AuditLog.Missing!);
        }

        var usages = KeyUsage.Of(workspace, await context.LocalCallsAsync().ConfigureAwait(false));
        var analysed = usages.Where(u => u.Diff is not null).ToArray();
        var excess = analysed.Where(u => u.Diff!.Excess.Count > 0).ToArray();
        var window = $"since {workspace.AuditSince.UtcDateTime:yyyy-MM-dd}";
        if (analysed.Length == 0)
        {
            return CheckResult.Skip(this, $"no key made a call the audit logs tie to an operation {window}");
        }

        return excess.Length == 0
            ? CheckResult.Passed(this, $"{Plural.Of(analysed.Length, "key")} with calls {window} hold only what those calls need")
            : CheckResult.Failed(
                this,
                $"{Plural.Of(excess.Length, "key")} {(excess.Length == 1 ? "holds" : "hold")} scopes their calls {window} did not need",
                [.. excess.Select(u => $"key {u.Key.Name} ({u.Key.Id}) holds {string.Join(' ', u.Key.Scopes)}; its {Plural.Of(u.Calls, "call")} need only {u.Diff!.Plan.ScopeSet} (unused: {string.Join(' ', u.Diff.Excess.Select(e => e.Risk.Scope.ToString()))})")],
                string.Join("; ", excess.Select(u => $"keyward keys rotate --secret <the reference holding {u.Key.Name}> --scopes \"{u.Diff!.Plan.ScopeSet}\""))
                + " (or create a key with those scopes and revoke the old one).");
    }
}
