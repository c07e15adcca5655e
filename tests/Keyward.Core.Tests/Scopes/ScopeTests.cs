using FsCheck;
using FsCheck.Fluent;
using Keyward.Core.Scopes;

namespace Keyward.Core.Tests.Scopes;

public class ScopeTests
{
    [Theory]
    [InlineData("leads:read", "leads", ScopeAction.Read)]
    [InlineData("all:all", "all", ScopeAction.All)]
    [InlineData("lead-labels:update", "lead-labels", ScopeAction.Update)]
    [InlineData("background-jobs:read", "background-jobs", ScopeAction.Read)]
    [InlineData("block_list_entries:delete", "block_list_entries", ScopeAction.Delete)]
    [InlineData("ai_sdr_replies:create", "ai_sdr_replies", ScopeAction.Create)]
    public void Parse_ValidScope_ReturnsParts(string text, string resource, ScopeAction action)
    {
        var scope = Scope.Parse(text);

        Assert.Equal(resource, scope.Resource);
        Assert.Equal(action, scope.Action);
        Assert.Equal(text, scope.ToString());
    }

    [Theory]
    [InlineData("", "cannot be empty")]
    [InlineData("leads", "exactly one ':'")]
    [InlineData("leads:read:all", "exactly one ':'")]
    [InlineData("leads:write", "'write' in 'leads:write' is not an action")]
    [InlineData("Leads:read", "not a valid scope resource")]
    [InlineData("lead__labels:read", "not a valid scope resource")]
    [InlineData("-leads:read", "not a valid scope resource")]
    [InlineData("leads-:read", "not a valid scope resource")]
    [InlineData(":read", "not a valid scope resource")]
    public void TryParse_Malformed_ExplainsWhy(string text, string expected)
    {
        Assert.False(Scope.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ArbitraryText_NeverThrowsAndRoundTripsWhenValid()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            if (!Scope.TryParse(text, out var scope, out var error))
            {
                return !string.IsNullOrEmpty(error);
            }

            return scope.ToString() == text && Scope.Parse(scope.ToString()) == scope;
        }));
    }

    [Fact]
    public void ToString_AnyScope_ParsesBackToEqualScope()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(ScopeGenerators.AnyScope.ToArbitrary(), scope =>
            Scope.Parse(scope.ToString()) == scope && Scope.Parse(scope.ToString()).GetHashCode() == scope.GetHashCode()));
    }

    [Fact]
    public void Covers_FollowsTheFourTupleRuleExactly()
    {
        // The rule of the Instantly reference, section 2.2: X:a is covered by X:a, X:all, all:a, all:all only.
        var property = Prop.ForAll(
            ScopeGenerators.AnyScope.ToArbitrary(),
            ScopeGenerators.RequiredScope.ToArbitrary(),
            (held, required) =>
            {
                var expected = (held.Resource == required.Resource || held.Resource == "all")
                    && (held.Action == required.Action || held.Action == ScopeAction.All);
                return held.Covers(required) == expected
                    && held.Covers(required) == required.AcceptingScopes().Contains(held);
            });
        Check.QuickThrowOnFailure(property);
    }

    [Fact]
    public void AcceptingScopes_ForSpecificScope_AreNarrowestFirst()
    {
        var accepting = Scope.Parse("leads:read").AcceptingScopes().Select(s => s.ToString());

        Assert.Equal(["leads:read", "leads:all", "all:read", "all:all"], accepting);
    }

    [Theory]
    [InlineData("leads:update", "leads:read")]
    [InlineData("leads:read", "leads:update")]
    [InlineData("leads:create", "leads:delete")]
    [InlineData("all:read", "leads:update")]
    [InlineData("campaigns:all", "leads:read")]
    public void Covers_NoActionOrResourceImpliesAnother(string held, string required)
    {
        Assert.False(Scope.Parse(held).Covers(Scope.Parse(required)));
    }

    [Fact]
    public void CompareTo_IsATotalOrderConsistentWithEquals()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(
            ScopeGenerators.AnyScope.ToArbitrary(),
            ScopeGenerators.AnyScope.ToArbitrary(),
            (a, b) => (a.CompareTo(b) == 0) == (a == b) && Math.Sign(a.CompareTo(b)) == -Math.Sign(b.CompareTo(a))));
    }
}
