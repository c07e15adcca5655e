using Keyward.Core.Scopes;

namespace Keyward.Providers.Instantly.Planning;

/// <summary>One scope of a least-privilege plan and the operations that need it.</summary>
/// <param name="Scope">The narrowest scope, <c>resource:action</c>.</param>
/// <param name="Operations">The planned operations that need it.</param>
/// <param name="Risk">The risk of holding it.</param>
public sealed record PlannedScope(Scope Scope, IReadOnlyList<InstantlyOperation> Operations, ScopeRisk Risk)
{
    /// <summary>Gets a value indicating whether every operation's need for this scope is our inference.</summary>
    /// <remarks>Such a scope may turn out unnecessary, or insufficient, against the live API; say so when showing it.</remarks>
    public bool IsInferred => Operations.All(o => o.IsScopeInferred);
}
