using FsCheck;
using FsCheck.Fluent;
using Keyward.Core;
using Keyward.Core.Scopes;
using Keyward.Providers.Instantly;
using Keyward.Providers.Instantly.Planning;

namespace Keyward.Providers.Tests.Instantly.Planning;

public class ScopePlannerTests
{
    private static readonly InstantlyOperationCatalog Catalog = InstantlyOperationCatalog.Default;

    [Fact]
    public void Diff_AllAllAgainstWebhookHandler_IsCriticalExcessWithNarrowReplacement()
    {
        var plan = ScopePlanner.Plan(InstantlyPresets.Get("webhook-handler").Operations);

        var diff = ScopePlanner.Diff(ScopeSet.Parse("all:all"), plan);

        Assert.Empty(diff.Missing);
        var excess = Assert.Single(diff.Excess);
        Assert.Equal(Scope.Everything, excess.Risk.Scope);
        Assert.Equal(Severity.Critical, excess.Risk.Level);
        Assert.Equal(plan.ScopeSet, new ScopeSet(excess.ReplaceWith.Select(r => r.Scope)));
        Assert.False(diff.IsExact);
    }

    [Fact]
    public void Diff_NarrowKeyMissingScopes_ListsThemWithTheOperationsThatNeedThem()
    {
        var plan = ScopePlanner.Plan([Catalog.Resolve("GET /api/v2/leads/{id}"), Catalog.Resolve("PATCH /api/v2/leads/{id}")]);

        var diff = ScopePlanner.Diff(ScopeSet.Parse("leads:read"), plan);

        var missing = Assert.Single(diff.Missing);
        Assert.Equal("leads:update", missing.Scope.ToString());
        Assert.Equal("PATCH /api/v2/leads/{id}", Assert.Single(missing.Operations).Key);
        Assert.Empty(diff.Excess);
        Assert.Equal("leads:read", Assert.Single(diff.Matched).Scope.ToString());
    }

    [Fact]
    public void Diff_UnusedScope_IsExcessWithNothingToReplace()
    {
        var plan = ScopePlanner.Plan([Catalog.Resolve("GET /api/v2/campaigns")]);

        var diff = ScopePlanner.Diff(ScopeSet.Parse("campaigns:read leads:delete"), plan);

        var excess = Assert.Single(diff.Excess);
        Assert.Equal("leads:delete", excess.Risk.Scope.ToString());
        Assert.Empty(excess.ReplaceWith);
    }

    [Fact]
    public void Plan_NeverContainsWildcards_AndAllowsEveryPlannedOperation()
    {
        var gen = Gen.Elements(Catalog.Operations.ToArray()).NonEmptyListOf();
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), operations =>
        {
            var plan = ScopePlanner.Plan(operations);
            return plan.Scopes.All(s => !s.Scope.IsWildcard)
                && operations.All(o => o.IsAllowedBy(plan.ScopeSet))
                && plan.Scopes.Count == operations.Select(o => o.RequiredScope).Distinct().Count();
        }));
    }

    [Fact]
    public void Diff_AgreesWithTheAcceptanceRule()
    {
        var scopes = InstantlyScopes.Vocabulary.Scopes.ToArray();
        var gen =
            from operations in Gen.Elements(Catalog.Operations.ToArray()).NonEmptyListOf()
            from held in Gen.Elements(scopes).ListOf()
            select (operations, held: new ScopeSet(held));
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var plan = ScopePlanner.Plan(t.operations);
            var diff = ScopePlanner.Diff(t.held, plan);
            var everythingAllowed = t.operations.All(o => o.IsAllowedBy(t.held));
            return (diff.Missing.Count == 0) == everythingAllowed
                && diff.IsExact == t.held.Equals(plan.ScopeSet)
                && diff.Excess.All(e => !plan.ScopeSet.Contains(e.Risk.Scope) && t.held.Contains(e.Risk.Scope));
        }));
    }
}
