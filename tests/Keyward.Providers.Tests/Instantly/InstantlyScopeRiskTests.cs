using FsCheck;
using FsCheck.Fluent;
using Keyward.Core;
using Keyward.Core.Scopes;
using Keyward.Providers.Instantly;

namespace Keyward.Providers.Tests.Instantly;

public class InstantlyScopeRiskTests
{
    [Theory]
    [InlineData("all:all", Severity.Critical)]
    [InlineData("api_keys:all", Severity.High)]
    [InlineData("api_keys:delete", Severity.High)]
    [InlineData("workspace_members:all", Severity.High)]
    [InlineData("workspaces:delete", Severity.High)]
    [InlineData("accounts:delete", Severity.High)]
    [InlineData("accounts:all", Severity.High)]
    [InlineData("all:delete", Severity.High)]
    [InlineData("leads:create", Severity.Medium)]
    [InlineData("campaigns:update", Severity.Medium)]
    [InlineData("leads:all", Severity.Medium)]
    [InlineData("leads:read", Severity.Low)]
    [InlineData("campaigns:read", Severity.Low)]
    public void Assess_Baseline(string scope, Severity expected)
    {
        Assert.Equal(expected, InstantlyScopeRisk.Assess(Scope.Parse(scope)).Level);
    }

    [Theory]
    [InlineData("api_keys:create", Severity.High, "mint")]
    [InlineData("workspace_members:update", Severity.High, "admin")]
    [InlineData("workspaces:update", Severity.High, "owner")]
    [InlineData("webhooks:read", Severity.Medium, "secrets")]
    [InlineData("all:create", Severity.High, "api_keys:create")]
    public void Assess_EscalationAndSecretReads_AreRaisedWithAReason(string scope, Severity expected, string reason)
    {
        var risk = InstantlyScopeRisk.Assess(Scope.Parse(scope));

        Assert.Equal(expected, risk.Level);
        Assert.Contains(reason, risk.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_IsMonotonic_AScopeIsAtLeastAsRiskyAsAnyScopeItCovers()
    {
        var scopes = InstantlyScopes.Vocabulary.Scopes.ToArray();
        Check.QuickThrowOnFailure(Prop.ForAll(Gen.Elements(scopes).ToArbitrary(), Gen.Elements(scopes).ToArbitrary(), (a, b) =>
            !a.Covers(b) || InstantlyScopeRisk.Assess(a).Level >= InstantlyScopeRisk.Assess(b).Level));
    }
}
