using Keyward.Posture.Checks;

namespace Keyward.Posture;

/// <summary>The checklist: every check, in id order, and the runner that evaluates them into a report.</summary>
public static class PostureChecks
{
    /// <summary>Gets every check, KW001 to KW011.</summary>
    public static IReadOnlyList<IPostureCheck> All { get; } =
    [
        new NoHardcodedKeysCheck(),
        new EnvFilesIgnoredCheck(),
        new SecretReferencesCheck(),
        new ScopePolicyCheck(),
        new LeastPrivilegeCheck(),
        new KeyAgeCheck(),
        new UnusedKeysCheck(),
        new WebhookAuthCheck(),
        new WorkspaceMembersCheck(),
        new BlockListCheck(),
        new AuditTrailCheck(),
    ];

    /// <summary>Runs the checks. A check that throws is reported as skipped with the error, never as passed.</summary>
    /// <param name="context">What to check.</param>
    /// <param name="target">How the report names what was checked.</param>
    /// <param name="checks">The checks; <see cref="All"/> when null.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The report.</returns>
    public static async Task<PostureReport> RunAsync(PostureContext context, string target, IReadOnlyList<IPostureCheck>? checks = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var results = new List<CheckResult>();
        foreach (var check in checks ?? All)
        {
            try
            {
                results.Add(await check.RunAsync(context, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                results.Add(CheckResult.Skip(check, $"could not run: {e.GetType().Name}: {e.Message}"));
            }
        }

        return new PostureReport(target, context.Environment, context.Time.GetUtcNow(), results, KeyFactsOf(context, await context.LocalCallsAsync().ConfigureAwait(false)));
    }

    private static IReadOnlyList<KeyFacts> KeyFactsOf(PostureContext context, IReadOnlyList<LocalCall> localCalls)
    {
        if (context.Workspace?.Keys.Value is not { } keys)
        {
            return [];
        }

        var now = context.Time.GetUtcNow();
        var usages = KeyUsage.Of(context.Workspace, localCalls);
        var byId = usages.ToDictionary(u => u.Key.Id, StringComparer.Ordinal);
        return [.. keys.Select(k => (Key: k, Usage: byId.GetValueOrDefault(k.Id))).Select(u => new KeyFacts(
            u.Key.Name,
            u.Key.Id,
            u.Key.TimestampCreated is { } created ? (int)(now - created).TotalDays : null,
            u.Key.Scopes.Count,
            u.Usage?.Diff?.Excess.Count,
            u.Key.Scopes.Select(s => Keyward.Core.Scopes.Scope.TryParse(s, out var scope, out _) ? Keyward.Providers.Instantly.InstantlyScopeRisk.Assess(scope).Level : Keyward.Core.Severity.Info).DefaultIfEmpty(Keyward.Core.Severity.Info).Max()))];
    }
}
