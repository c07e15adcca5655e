namespace Keyward.Posture;

/// <summary>One item of the security checklist. Implementations are stateless; what they look at comes in the
/// <see cref="PostureContext"/>, collected once for all checks.</summary>
public interface IPostureCheck
{
    /// <summary>Gets the stable id, such as <c>KW001</c>.</summary>
    string Id { get; }

    /// <summary>Gets the question the check answers.</summary>
    string Title { get; }

    /// <summary>Gets how bad a failure is.</summary>
    Keyward.Core.Severity Severity { get; }

    /// <summary>Evaluates the check.</summary>
    /// <param name="context">The repository, configuration and workspace data.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Pass, fail with evidence and fix, or skipped with the reason.</returns>
    Task<CheckResult> RunAsync(PostureContext context, CancellationToken cancellationToken);
}
