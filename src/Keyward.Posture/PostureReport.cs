using Keyward.Core;

namespace Keyward.Posture;

/// <summary>The checklist's results for one repository and workspace, with a score and the data behind the charts.</summary>
/// <param name="Target">What was checked, such as "repository . and workspace Acme (production)".</param>
/// <param name="Environment">The workspace's environment.</param>
/// <param name="GeneratedAt">When.</param>
/// <param name="Results">One result per check, in id order.</param>
/// <param name="Keys">The workspace's keys, for the key-age and scope-risk charts; empty without a workspace.</param>
public sealed record PostureReport(string Target, string Environment, DateTimeOffset GeneratedAt, IReadOnlyList<CheckResult> Results, IReadOnlyList<KeyFacts> Keys)
{
    /// <summary>Gets the score: the share of the checks that ran which passed, weighted by severity, from 0 to 100.
    /// Skipped checks do not count either way.</summary>
    public int Score
    {
        get
        {
            var ran = Results.Where(r => r.Status != CheckStatus.Skipped).ToArray();
            var total = ran.Sum(r => Weight(r.Severity));
            return total == 0 ? 100 : (int)Math.Round(100.0 * ran.Where(r => r.Status == CheckStatus.Pass).Sum(r => Weight(r.Severity)) / total);
        }
    }

    /// <summary>Tells whether any check failed at <paramref name="severity"/> or above (the <c>--fail-on</c> rule).</summary>
    /// <param name="severity">The threshold.</param>
    /// <returns>True when such a failure exists.</returns>
    public bool FailsAt(Severity severity) => Results.Any(r => r.Status == CheckStatus.Fail && r.Severity >= severity);

    private static int Weight(Severity severity) => severity switch
    {
        Severity.Critical => 8,
        Severity.High => 4,
        Severity.Medium => 2,
        _ => 1,
    };
}
