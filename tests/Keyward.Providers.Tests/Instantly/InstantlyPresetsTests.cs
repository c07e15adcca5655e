using Keyward.Core.Scopes;
using Keyward.Providers.Instantly;
using Keyward.Providers.Instantly.Planning;

namespace Keyward.Providers.Tests.Instantly;

public class InstantlyPresetsTests
{
    [Fact]
    public void All_HasTheSevenDocumentedPresets()
    {
        Assert.Equal(
            ["analytics-dashboard", "campaign-launcher", "crm-sync", "key-rotation", "lead-import", "posture-audit", "webhook-handler"],
            InstantlyPresets.All.Select(p => p.Name));
        Assert.Equal(InstantlyPresets.All.Select(p => p.Name), InstantlyPresets.Names);
    }

    [Fact]
    public void AnalyticsDashboard_NeedsCampaignAndAccountReadsOnly()
    {
        var plan = ScopePlanner.Plan(InstantlyPresets.Get("analytics-dashboard").Operations);

        Assert.Equal("accounts:read campaigns:read", plan.ScopeSet.ToString());
        Assert.Contains(plan.Operations, o => o.Key == "GET /api/v2/campaigns/analytics");
    }

    [Theory]
    [InlineData("posture-audit")]
    [InlineData("analytics-dashboard")]
    [InlineData("webhook-handler")]
    public void ReadOnlyPresets_PlanOnlyReadScopes(string name)
    {
        var plan = ScopePlanner.Plan(InstantlyPresets.Get(name).Operations);

        Assert.All(plan.Scopes, s => Assert.Equal(ScopeAction.Read, s.Scope.Action));
    }

    [Fact]
    public void KeyRotation_CanCreateListAndRevokeKeys()
    {
        var plan = ScopePlanner.Plan(InstantlyPresets.Get("key-rotation").Operations);

        Assert.Equal("api_keys:create api_keys:read api_keys:delete workspaces:read", plan.ScopeSet.ToString());
    }

    [Fact]
    public void Get_UnknownName_SuggestsTheClosest()
    {
        var error = Assert.Throws<PresetNotFoundException>(() => InstantlyPresets.Get("crm-synk"));

        Assert.Contains("did you mean crm-sync?", error.Message, StringComparison.Ordinal);
    }
}
