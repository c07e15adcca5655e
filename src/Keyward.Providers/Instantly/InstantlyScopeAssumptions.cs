using Keyward.Core.Scopes;

namespace Keyward.Providers.Instantly;

/// <summary>
/// The one place where Keyward assumes something about Instantly scopes that vendor material does not state.
/// </summary>
/// <remarks>
/// <para>Each member names the reference section that marks the fact as uncertain. If Instantly documents one of
/// these, change it here and nowhere else.</para>
/// <list type="number">
/// <item>Operations with no documented scope (24, reference section 2.3) accept the scope we infer from their
/// resource and semantic action, plus the usual wildcards (the <c>inferred_scopes</c> column of the catalog).</item>
/// <item>For the three OAuth sender-connect operations the guide names only the specific scope; we assume
/// <c>accounts:all</c>, <c>all:create|read</c> and <c>all:all</c> satisfy them too, like every documented
/// operation.</item>
/// <item><c>supersearch_enrichments</c> is a valid key scope although the key-creation enum omits it (section 2.1:
/// seven SuperSearch endpoints require it and first-party tooling grants it).</item>
/// </list>
/// </remarks>
public static class InstantlyScopeAssumptions
{
    /// <summary>Gets resources that operations require but the <c>APIKey.scopes</c> enum does not list.</summary>
    public static IReadOnlyList<string> ResourcesMissingFromSpecEnum { get; } = ["supersearch_enrichments"];

    /// <summary>Chooses the scopes an operation accepts from its catalog entry.</summary>
    /// <param name="evidence">How the entry's scopes are known.</param>
    /// <param name="documented">The confirmed scopes (<c>scopes</c> column).</param>
    /// <param name="inferred">Our inference (<c>inferred_scopes</c> column).</param>
    /// <returns>The accepted scopes, narrowest first.</returns>
    internal static IReadOnlyList<Scope> AcceptedScopes(
        ScopeEvidence evidence, IReadOnlyList<Scope> documented, IReadOnlyList<Scope> inferred) =>
        evidence == ScopeEvidence.Documented ? documented : inferred;
}
