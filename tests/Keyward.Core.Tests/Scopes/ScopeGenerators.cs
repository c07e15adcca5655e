using FsCheck;
using FsCheck.Fluent;
using Keyward.Core.Scopes;

namespace Keyward.Core.Tests.Scopes;

/// <summary>FsCheck generators over a small resource alphabet so collisions (and thus coverage) are frequent.</summary>
internal static class ScopeGenerators
{
    public static readonly string[] Resources = ["all", "leads", "campaigns", "api_keys", "lead-labels"];

    public static readonly ScopeAction[] Actions =
        [ScopeAction.All, ScopeAction.Create, ScopeAction.Read, ScopeAction.Update, ScopeAction.Delete];

    public static Gen<Scope> AnyScope =>
        from resource in Gen.Elements(Resources)
        from action in Gen.Elements(Actions)
        select Scope.Create(resource, action);

    /// <summary>A scope an operation can require: a concrete resource and a concrete action.</summary>
    public static Gen<Scope> RequiredScope =>
        from resource in Gen.Elements(Resources.Where(r => r != Scope.AllResources).ToArray())
        from action in Gen.Elements(Actions.Where(a => a != ScopeAction.All).ToArray())
        select Scope.Create(resource, action);

    public static Gen<ScopeSet> AnySet => AnyScope.ListOf().Select(list => new ScopeSet(list));
}
