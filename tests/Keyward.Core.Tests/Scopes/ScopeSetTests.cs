using FsCheck;
using FsCheck.Fluent;
using Keyward.Core.Scopes;

namespace Keyward.Core.Tests.Scopes;

public class ScopeSetTests
{
    [Fact]
    public void Allows_IffSetHoldsOneOfTheFourAcceptingScopes()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(
            ScopeGenerators.AnySet.ToArbitrary(),
            ScopeGenerators.RequiredScope.ToArbitrary(),
            (set, required) => set.Allows(required) == required.AcceptingScopes().Any(set.Contains)));
    }

    [Fact]
    public void Allows_IsMonotonic_AddingAScopeNeverRemovesPermission()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(
            ScopeGenerators.AnySet.ToArbitrary(),
            ScopeGenerators.AnyScope.ToArbitrary(),
            ScopeGenerators.RequiredScope.ToArbitrary(),
            (set, extra, required) => !set.Allows(required) || set.Add(extra).Allows(required)));
    }

    [Fact]
    public void Allows_SetOfOneActionOnly_NeverAllowsAnotherAction()
    {
        var gen =
            from resource in Gen.Elements("leads", "campaigns", "api_keys")
            from held in Gen.Elements(ScopeAction.Create, ScopeAction.Read, ScopeAction.Update, ScopeAction.Delete)
            from wanted in Gen.Elements(ScopeAction.Create, ScopeAction.Read, ScopeAction.Update, ScopeAction.Delete)
            where held != wanted
            select (resource, held, wanted);
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var set = new ScopeSet([Scope.Create(t.resource, t.held), Scope.Create("all", t.held)]);
            return !set.Allows(Scope.Create(t.resource, t.wanted));
        }));
    }

    [Fact]
    public void Empty_AllowsNothing()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(
            ScopeGenerators.RequiredScope.ToArbitrary(),
            required => !ScopeSet.Empty.Allows(required)));
    }

    [Fact]
    public void ToString_ParsesBackToEqualSet()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(
            ScopeGenerators.AnySet.ToArbitrary(),
            set => ScopeSet.Parse(set.ToString()).Equals(set)));
    }

    [Fact]
    public void Parse_CommasSpacesAndDuplicates_GivesSortedDistinctSet()
    {
        var set = ScopeSet.Parse(" leads:read,campaigns:read  leads:read\tall:all ");

        Assert.Equal("all:all campaigns:read leads:read", set.ToString());
        Assert.Equal(3, set.Count);
    }

    [Fact]
    public void CoveringScopes_ListsOnlyHeldCoveringScopes()
    {
        var set = ScopeSet.Parse("leads:all all:read campaigns:read");

        var covering = set.CoveringScopes(Scope.Parse("leads:read")).Select(s => s.ToString());

        Assert.Equal(["leads:all", "all:read"], covering);
    }
}
