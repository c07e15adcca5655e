namespace Keyward.Providers.Instantly.Planning;

/// <summary>A held scope that the planned operations do not need as such.</summary>
/// <param name="Risk">The scope and the risk of holding it.</param>
/// <param name="ReplaceWith">The narrower planned scopes it stands in for; empty when nothing needs it at all.</param>
public sealed record ExcessScope(ScopeRisk Risk, IReadOnlyList<PlannedScope> ReplaceWith);
