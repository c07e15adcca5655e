using Keyward.Posture.Admin;
using Keyward.Providers.Instantly.Client.Models;

namespace Keyward.Posture.Tests.Admin;

/// <summary>Members of the sandbox's risky workspace: owner@ and sdr@ (editor) and three admins, ops@ and growth@ of
/// sandbox.example and contractor@freemail.example (Keyward.Sandbox/State/Seeder.cs).</summary>
public sealed class WorkspaceMembersManagerTests : IAsyncLifetime
{
    private const string Contractor = "contractor@freemail.example";

    private WorkspaceHarness _harness = null!;

    private WorkspaceMembersManager Members => _harness.Members;

    public async Task InitializeAsync() => _harness = await WorkspaceHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task ListAsync_WithTheTeamsDomain_FlagsOnlyTheContractor_AndMarksOwnersAndAdminsPrivileged()
    {
        var reports = await Members.ListAsync(["Sandbox.Example "]);

        Assert.Equal(5, reports.Count);
        var flagged = Assert.Single(reports, r => r.Findings.Count > 0);
        Assert.Equal(Contractor, flagged.Member.Email);
        Assert.Equal([MemberFinding.OutsideAllowedDomains], flagged.Findings);
        Assert.Equal("freemail.example", flagged.Domain);
        Assert.Equal(["contractor@freemail.example", "growth@sandbox.example", "ops@sandbox.example", "owner@sandbox.example"],
            reports.Where(r => r.IsPrivileged).Select(r => r.Member.Email).Order(StringComparer.Ordinal));
        Assert.Equal("owner@sandbox.example", Assert.Single(reports, r => r.IsOwner).Member.Email);
    }

    [Fact]
    public async Task ListAsync_WithoutAllowedDomains_FlagsNobody()
    {
        var reports = await Members.ListAsync();

        Assert.Equal(5, reports.Count);
        Assert.All(reports, r => Assert.Empty(r.Findings));
    }

    [Fact]
    public async Task ListAsync_WithSomethingThatIsNotADomain_IsRefused()
    {
        var e = await Assert.ThrowsAsync<WorkspaceAdminException>(() => Members.ListAsync(["sandbox.example", "not a domain!"]));

        Assert.Contains("'not a domain!' is not a domain", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ann@sandbox.example", false)]
    [InlineData("ann@eu.sandbox.example", false)]
    [InlineData("ann@SANDBOX.EXAMPLE", false)]
    [InlineData("ann@evilsandbox.example", true)]
    [InlineData("ann@sandbox.example.evil.example", true)]
    [InlineData("no-at-sign", true)]
    public void Assess_AllowsTheDomainAndItsSubdomains_Only(string email, bool flagged)
    {
        var member = new WorkspaceMember("m1", email, "editor", true, null);

        var findings = WorkspaceMembersManager.Assess(member, WorkspaceMembersManager.NormalizeDomains(["sandbox.example"]));

        Assert.Equal(flagged, findings.Contains(MemberFinding.OutsideAllowedDomains));
    }

    [Fact]
    public async Task RemoveAsync_ByEmailInAnyCase_RemovesTheMember_AndWritesOneAuditRecord()
    {
        var id = (await Members.ListAsync()).Single(r => r.Member.Email == Contractor).Member.Id;

        var removal = await Members.RemoveAsync(" Contractor@FreeMail.example ");
        var after = await Members.ListAsync();

        Assert.Equal(id, removal.Member.Id);
        Assert.DoesNotContain(after, r => r.Member.Email == Contractor);
        Assert.Equal(4, after.Count);
        Assert.StartsWith("DELETE /api/v2/workspace-members/", Assert.Single(_harness.WritesSent()), StringComparison.Ordinal);
        var record = Assert.Single(_harness.Changes("member.remove"));
        Assert.Equal($"instantly workspace member {id}", record.Resource);
        Assert.Equal(WorkspaceHarness.Actor, record.Actor);
        Assert.Equal(_harness.Time.GetUtcNow(), record.Timestamp);
        Assert.True(record.Succeeded);
        Assert.Equal(Contractor, record.Metadata!["email"]);
        Assert.Equal("admin", record.Metadata["role"]);
    }

    [Fact]
    public async Task RemoveAsync_ById_RemovesThatMember()
    {
        var sdr = (await Members.ListAsync()).Single(r => r.Member.Email == "sdr@sandbox.example").Member;

        await Members.RemoveAsync(sdr.Id);

        Assert.DoesNotContain(await Members.ListAsync(), r => r.Member.Id == sdr.Id);
        Assert.Equal($"instantly workspace member {sdr.Id}", Assert.Single(_harness.Changes("member.remove")).Resource);
    }

    [Fact]
    public async Task RemoveAsync_DryRun_PlansTheRemoval_ButChangesAndAuditsNothing()
    {
        var removal = await Members.RemoveAsync(Contractor, dryRun: true);
        var after = await Members.ListAsync();

        Assert.Equal(Contractor, removal.Member.Email);
        Assert.Contains(after, r => r.Member.Email == Contractor);
        Assert.Empty(_harness.Changes("member.remove"));
        Assert.Empty(_harness.WritesSent());
    }

    [Fact]
    public async Task PlanRemovalAsync_TheOnlyOwner_IsRefused_AndNothingIsSent()
    {
        var e = await Assert.ThrowsAsync<WorkspaceAdminException>(() => Members.PlanRemovalAsync("owner@sandbox.example"));

        Assert.Contains("owner@sandbox.example is the workspace's only owner", e.Message, StringComparison.Ordinal);
        Assert.Contains("Transfer ownership", e.Message, StringComparison.Ordinal);
        Assert.Contains(await Members.ListAsync(), r => r.IsOwner);
        Assert.Empty(_harness.WritesSent());
        Assert.Empty(_harness.Changes("member.remove"));
    }

    [Fact]
    public async Task RemoveAsync_AnOwnerById_IsRefusedToo()
    {
        var owner = (await Members.ListAsync()).Single(r => r.IsOwner).Member;

        await Assert.ThrowsAsync<WorkspaceAdminException>(() => Members.RemoveAsync(owner.Id));

        Assert.Empty(_harness.WritesSent());
    }

    [Fact]
    public async Task PlanRemovalAsync_NobodyMatches_IsRefusedWithWhereToLook()
    {
        var e = await Assert.ThrowsAsync<WorkspaceAdminException>(() => Members.PlanRemovalAsync("nobody@sandbox.example"));

        Assert.Contains("no workspace member has the id or email 'nobody@sandbox.example'", e.Message, StringComparison.Ordinal);
        Assert.Contains("keyward members list", e.Message, StringComparison.Ordinal);
    }
}
