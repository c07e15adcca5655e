using Keyward.Core;
using Keyward.Core.Scopes;

namespace Keyward.Posture.Checks;

/// <summary>KW004: the keys' scopes fit the environment's policy: no forbidden scope (<c>all:all</c>) in production,
/// read-only keys in dev.</summary>
public sealed class ScopePolicyCheck : IPostureCheck
{
    /// <inheritdoc/>
    public string Id => "KW004";

    /// <inheritdoc/>
    public string Title => "Scopes fit the environment's policy";

    /// <inheritdoc/>
    public Severity Severity => Severity.Critical;

    /// <inheritdoc/>
    public Task<CheckResult> RunAsync(PostureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Workspace is not { } workspace)
        {
            return Task.FromResult(CheckResult.Skip(this, context.NoWorkspaceReason));
        }

        if (workspace.Keys.Value is not { } keys)
        {
            return Task.FromResult(CheckResult.Skip(this, workspace.Keys.Missing!));
        }

        var evidence = new List<string>();
        foreach (var key in keys)
        {
            var scopes = key.Scopes.Select(s => Scope.TryParse(s, out var scope, out _) ? scope : null).OfType<Scope>().ToArray();
            if (context.Environment == "production")
            {
                var forbidden = scopes.Where(s => context.Policy.ProductionForbiddenScopes.Any(p => p.Matches(s))).ToArray();
                if (forbidden.Length > 0)
                {
                    evidence.Add($"key {key.Name} ({key.Id}) holds {string.Join(' ', forbidden.Select(s => s.ToString()))}, forbidden in production");
                }
            }
            else if (context.Environment == "dev" && context.Policy.DevReadOnly && scopes.Where(s => s.AllowsWrites).ToArray() is { Length: > 0 } writes)
            {
                evidence.Add($"key {key.Name} ({key.Id}) can write ({string.Join(' ', writes.Select(s => s.ToString()))}); dev keys are read-only by policy");
            }
        }

        return Task.FromResult(evidence.Count == 0
            ? CheckResult.Passed(this, $"{Plural.Of(keys.Count, "key")} fit{(keys.Count == 1 ? "s" : string.Empty)} the {context.Environment} policy")
            : CheckResult.Failed(
                this,
                $"{Plural.Of(evidence.Count, "key")} break{(evidence.Count == 1 ? "s" : string.Empty)} the {context.Environment} scope policy",
                evidence,
                "Re-scope each key to what its integration calls (keyward scopes plan --preset NAME, then keyward keys rotate --secret REF --preset NAME), "
                + "or revoke keys nobody should hold (keyward keys revoke ID)."));
    }
}
