using Keyward.Core.Scopes;

namespace Keyward.Providers.Instantly.Planning;

/// <summary>The least-privilege scopes for a set of operations.</summary>
/// <param name="Operations">The operations planned for, without duplicates.</param>
/// <param name="Scopes">One narrowest scope per needed resource and action, sorted.</param>
public sealed record ScopePlan(IReadOnlyList<InstantlyOperation> Operations, IReadOnlyList<PlannedScope> Scopes)
{
    /// <summary>Gets the planned scopes as a set, for example to create a key with.</summary>
    public ScopeSet ScopeSet => new(Scopes.Select(s => s.Scope));
}
