using Keyward.Core.Scopes;

namespace Keyward.Providers.Instantly.Planning;

/// <summary>Computes least-privilege scopes for operations and compares them with the scopes a key holds.</summary>
/// <remarks>Stateless; safe to use from several threads.</remarks>
public static class ScopePlanner
{
    /// <summary>Plans the narrowest scopes that allow every operation.</summary>
    /// <param name="operations">The operations an integration calls; duplicates are ignored.</param>
    /// <returns>One <c>resource:action</c> scope per needed pair, never a wildcard.</returns>
    public static ScopePlan Plan(IEnumerable<InstantlyOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var distinct = operations.Distinct().ToArray();
        var scopes = distinct
            .GroupBy(o => o.RequiredScope)
            .OrderBy(g => g.Key)
            .Select(g => new PlannedScope(g.Key, g.ToArray(), InstantlyScopeRisk.Assess(g.Key)))
            .ToArray();
        return new ScopePlan(distinct, scopes);
    }

    /// <summary>Compares held scopes with a plan.</summary>
    /// <param name="held">The scopes the key has.</param>
    /// <param name="plan">The least-privilege plan.</param>
    /// <returns>What is missing, what is excess and what matches.</returns>
    public static ScopeDiff Diff(ScopeSet held, ScopePlan plan)
    {
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(plan);
        var missing = plan.Scopes.Where(p => !held.Allows(p.Scope)).ToArray();
        var matched = plan.Scopes.Where(p => held.Contains(p.Scope)).ToArray();
        var planned = plan.ScopeSet;
        var excess = held
            .Where(h => !planned.Contains(h))
            .Select(h => new ExcessScope(
                InstantlyScopeRisk.Assess(h),
                plan.Scopes.Where(p => h.Covers(p.Scope) && !held.Contains(p.Scope)).ToArray()))
            .OrderByDescending(e => e.Risk.Level)
            .ThenBy(e => e.Risk.Scope)
            .ToArray();
        return new ScopeDiff(plan, missing, excess, matched);
    }
}
