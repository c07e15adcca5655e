using Keyward.Core;

namespace Keyward.Providers.Instantly.Planning;

/// <summary>How the scopes a key holds compare with a least-privilege plan.</summary>
/// <param name="Plan">The plan compared against.</param>
/// <param name="Missing">Planned scopes the key does not satisfy: calls needing them will get 403.</param>
/// <param name="Excess">Held scopes the plan does not contain: remove them, or replace wildcards with the narrow ones.</param>
/// <param name="Matched">Planned scopes the key holds exactly.</param>
public sealed record ScopeDiff(
    ScopePlan Plan,
    IReadOnlyList<PlannedScope> Missing,
    IReadOnlyList<ExcessScope> Excess,
    IReadOnlyList<PlannedScope> Matched)
{
    /// <summary>Gets a value indicating whether the key holds exactly the plan.</summary>
    public bool IsExact => Missing.Count == 0 && Excess.Count == 0;

    /// <summary>Gets the highest risk among the excess scopes, or <see langword="null"/> when there are none.</summary>
    public Severity? WorstExcess => Excess.Count == 0 ? null : Excess.Max(e => e.Risk.Level);
}
