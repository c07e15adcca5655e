using Keyward.Core;
using Keyward.Scanning.Hygiene;

namespace Keyward.Posture.Checks;

/// <summary>KW002: <c>.env</c> files and key files are ignored and untracked, and <c>.gitignore</c> covers
/// <c>.env</c>, <c>.env.*</c>, <c>*.key</c> and <c>*.pem</c>.</summary>
public sealed class EnvFilesIgnoredCheck : IPostureCheck
{
    private static readonly HashSet<string> Rules = new(StringComparer.Ordinal)
    {
        HygieneInspector.TrackedEnvFile,
        HygieneInspector.EnvTemplateWithValues,
        HygieneInspector.GitignoreMissing,
        HygieneInspector.PrivateKeyFile,
    };

    /// <inheritdoc/>
    public string Id => "KW002";

    /// <inheritdoc/>
    public string Title => ".env and key files are git-ignored and untracked";

    /// <inheritdoc/>
    public Severity Severity => Severity.High;

    /// <inheritdoc/>
    public async Task<CheckResult> RunAsync(PostureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.RepositoryPath is null)
        {
            return CheckResult.Skip(this, "no repository was given (keyward check PATH)");
        }

        var problems = (await context.ScanWorkingTreeAsync().ConfigureAwait(false)).Findings.Where(f => Rules.Contains(f.RuleId)).ToArray();
        return problems.Length == 0
            ? CheckResult.Passed(this, ".gitignore covers .env, .env.*, *.key and *.pem, and none is tracked")
            : CheckResult.Failed(
                this,
                Plural.Of(problems.Length, "hygiene problem"),
                [.. problems.Select(f => $"{f.Path}: {f.Description}")],
                "Add to .gitignore: .env, .env.*, !.env.example, *.key, *.pem; untrack what is tracked with git rm --cached FILE "
                + "(rotate any key it held: it stays in history); keep only placeholders in .env.example.");
    }
}
