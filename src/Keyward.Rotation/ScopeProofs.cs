using Keyward.Core.Scopes;
using Keyward.Providers.Instantly;

namespace Keyward.Rotation;

/// <summary>Picks, for each scope a new key gets, one read-only call that only works if the scope does: the test step
/// calls them with the new key before it is promoted.</summary>
/// <remarks>A scope that allows no parameterless GET (a create-only scope, say) cannot be proven without side effects
/// and is skipped; the first call still proves the key authenticates.</remarks>
public static class ScopeProofs
{
    /// <summary>Gets the call that proves a key authenticates when none of its scopes can be proven: a 403 to it still
    /// shows Instantly knows the key.</summary>
    public static ScopeProof Authentication { get; } =
        new(Scope.Parse("workspaces:read"), InstantlyOperationCatalog.Default.Resolve("GET /api/v2/workspaces/current"));

    /// <summary>Returns one proof per provable scope.</summary>
    /// <param name="scopes">The new key's scopes.</param>
    /// <returns>The proofs, in scope order.</returns>
    public static IReadOnlyList<ScopeProof> For(ScopeSet scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var proofs = new List<ScopeProof>();
        foreach (var scope in scopes)
        {
            var only = new ScopeSet([scope]);
            if (scope.IsAnyResource && Authentication.Operation.IsAllowedBy(only))
            {
                proofs.Add(Authentication with { Scope = scope });
                continue;
            }

            var operation = InstantlyOperationCatalog.Default.Operations
                .Where(o => o.Method == "GET" && !o.PathTemplate.Contains('{', StringComparison.Ordinal) && o.IsAllowedBy(only))
                .OrderBy(o => o.PathTemplate.Length)
                .ThenBy(o => o.PathTemplate, StringComparer.Ordinal)
                .FirstOrDefault();
            if (operation is not null)
            {
                proofs.Add(new ScopeProof(scope, operation));
            }
        }

        return proofs;
    }
}
