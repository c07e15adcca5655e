using Keyward.Core;

namespace Keyward.Posture;

/// <summary>The outcome of one check of the checklist.</summary>
/// <param name="Id">The stable id, such as <c>KW004</c>.</param>
/// <param name="Title">What the check asks, such as "Scopes fit the environment's policy".</param>
/// <param name="Severity">How bad a failure is.</param>
/// <param name="Status">Pass, fail or skipped.</param>
/// <param name="Summary">One line: what was found, or why the check was skipped and what would enable it.</param>
/// <param name="Evidence">The facts behind a failure (key names and ids, paths, emails), never a secret value.</param>
/// <param name="Fix">The exact commands or change that fix a failure; null when passed or skipped.</param>
public sealed record CheckResult(
    string Id,
    string Title,
    Severity Severity,
    CheckStatus Status,
    string Summary,
    IReadOnlyList<string> Evidence,
    string? Fix)
{
    /// <summary>Creates a passed result.</summary>
    /// <param name="check">The check.</param>
    /// <param name="summary">What was found.</param>
    /// <param name="evidence">What was looked at.</param>
    /// <returns>The result.</returns>
    public static CheckResult Passed(IPostureCheck check, string summary, IReadOnlyList<string>? evidence = null) =>
        new(check.Id, check.Title, check.Severity, CheckStatus.Pass, summary, evidence ?? [], null);

    /// <summary>Creates a failed result.</summary>
    /// <param name="check">The check.</param>
    /// <param name="summary">What is wrong.</param>
    /// <param name="evidence">The facts behind it.</param>
    /// <param name="fix">The exact fix.</param>
    /// <returns>The result.</returns>
    public static CheckResult Failed(IPostureCheck check, string summary, IReadOnlyList<string> evidence, string fix) =>
        new(check.Id, check.Title, check.Severity, CheckStatus.Fail, summary, evidence, fix);

    /// <summary>Creates a skipped result.</summary>
    /// <param name="check">The check.</param>
    /// <param name="reason">Why it could not run and what would enable it (a scope, a setting).</param>
    /// <returns>The result.</returns>
    public static CheckResult Skip(IPostureCheck check, string reason) =>
        new(check.Id, check.Title, check.Severity, CheckStatus.Skipped, reason, [], null);
}
