using FsCheck;
using FsCheck.Fluent;
using Keyward.Core.Scopes;

namespace Keyward.Posture.Tests;

/// <summary>The scope patterns of <c>policy.production.forbid-scopes</c>: a parser, so properties over generated input.</summary>
public sealed class ScopePatternTests
{
    private static readonly Gen<Scope> Scopes =
        from resource in Gen.Elements("leads", "campaigns", "api_keys", "webhooks", "accounts", "all")
        from action in Gen.Elements(ScopeAction.Create, ScopeAction.Read, ScopeAction.Update, ScopeAction.Delete, ScopeAction.All)
        select Scope.Create(resource, action);

    [Fact]
    public void AnExactScope_MatchesItselfOnly()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(Scopes.ToArbitrary(), Scopes.ToArbitrary(), (pattern, held) =>
            ScopePattern.Parse(pattern.ToString()).Matches(held) == held.Equals(pattern)));
    }

    [Fact]
    public void AnyResourceWithAnAction_MatchesEveryScopeWithThatAction()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(Scopes.ToArbitrary(), held =>
        {
            var action = held.ToString().Split(':')[1];
            return ScopePattern.Parse($"*:{action}").Matches(held)
                && ScopePattern.Parse($"{held.Resource}:*").Matches(held)
                && ScopePattern.Parse("*:*").Matches(held);
        }));
    }

    [Fact]
    public void AllAll_DoesNotMatchNarrowerScopes()
    {
        var allAll = ScopePattern.Parse("all:all");

        Assert.True(allAll.Matches(Scope.Parse("all:all")));
        Assert.False(allAll.Matches(Scope.Parse("leads:all")));
        Assert.False(allAll.Matches(Scope.Parse("all:read")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("leads")]
    [InlineData("leads:")]
    [InlineData(":read")]
    [InlineData("leads:read:extra")]
    [InlineData("*:fly")]
    [InlineData("LEADS READ")]
    public void Garbage_IsRefused(string text)
    {
        Assert.False(ScopePattern.TryParse(text, out _));
        Assert.Throws<FormatException>(() => ScopePattern.Parse(text));
    }

    [Fact]
    public void AnyText_EitherParsesAndPrintsBack_OrIsRefused_NeverThrows()
    {
        Check.QuickThrowOnFailure(Prop.ForAll<string>(text =>
            !ScopePattern.TryParse(text, out var pattern) || pattern.ToString() == text.Trim()));
    }
}
