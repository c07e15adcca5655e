using Keyward.Core;

namespace Keyward.Posture.Checks;

/// <summary>KW007: no key sits unused: a key with no activity for the policy's period (30 days by default) is a
/// liability with no benefit, and is revoked.</summary>
public sealed class UnusedKeysCheck : IPostureCheck
{
    /// <inheritdoc/>
    public string Id => "KW007";

    /// <inheritdoc/>
    public string Title => "No unused keys";

    /// <inheritdoc/>
    public Severity Severity => Severity.Medium;

    /// <inheritdoc/>
    public Task<CheckResult> RunAsync(PostureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Workspace is not { } workspace)
        {
            return Task.FromResult(CheckResult.Skip(this, context.NoWorkspaceReason));
        }

        if (workspace.Keys.Value is not { } keys || workspace.AuditLog.Value is not { } log)
        {
            return Task.FromResult(CheckResult.Skip(this, workspace.Keys.Missing ?? workspace.AuditLog.Missing!));
        }

        var since = context.Time.GetUtcNow() - context.Policy.UnusedAfter;
        var days = (int)context.Policy.UnusedAfter.TotalDays;
        var used = log.Where(e => e.Timestamp >= since && e.ApiKeyId is not null).Select(e => e.ApiKeyId!).ToHashSet(StringComparer.Ordinal);
        var unused = keys.Where(k => k.TimestampCreated is { } created && created < since && !used.Contains(k.Id)).ToArray();
        return Task.FromResult(unused.Length == 0
            ? CheckResult.Passed(this, $"every key older than {days} days was used in the last {days} days")
            : CheckResult.Failed(
                this,
                $"{Plural.Of(unused.Length, "key")} unused for {days} days",
                [.. unused.Select(k => $"key {k.Name} ({k.Id}) made no call in {days} days")],
                string.Join("; ", unused.Select(k => $"keyward keys revoke {k.Id}"))));
    }
}
