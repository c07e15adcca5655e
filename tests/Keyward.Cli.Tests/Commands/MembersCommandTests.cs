using System.Text.Json.Nodes;
using Keyward.Sandbox;

namespace Keyward.Cli.Tests.Commands;

/// <summary><c>keyward members list|remove</c> against the sandbox's risky workspace: an owner, admins ops@ and
/// growth@ of sandbox.example, the admin contractor@freemail.example, and an editor.</summary>
[Collection(ProcessEnvironment.Name)]
public sealed class MembersCommandTests : IAsyncLifetime
{
    private const string Contractor = "contractor@freemail.example";

    private KeysHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await KeysHarness.StartAsync(new SandboxOptions { Seed = SandboxSeed.Risky });

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task List_WithAllowedDomains_FlagsTheContractorAdmin_AndExits1()
    {
        var json = await Members("list", "--allowed-domains", "sandbox.example", "--json");
        var text = await Members("list", "--allowed-domains", "sandbox.example");

        Assert.True(json.ExitCode == 1, json.Stderr);
        var members = JsonNode.Parse(json.Stdout)!.AsArray();
        Assert.Equal(5, members.Count);
        var flagged = Assert.Single(members, m => Findings(m!).Length > 0)!;
        Assert.Equal(Contractor, (string?)flagged["email"]);
        Assert.Equal("admin", (string?)flagged["role"]);
        Assert.Equal(["outside-allowed-domains"], Findings(flagged));
        Assert.Equal(4, members.Count(m => (bool?)m!["privileged"] == true));
        Assert.Equal(1, text.ExitCode);
        var contractorRow = text.Stdout.Split('\n').Single(l => l.Contains(Contractor, StringComparison.Ordinal));
        Assert.Contains("privileged, outside allowed domains (freemail.example)", contractorRow, StringComparison.Ordinal);
        Assert.Contains("keyward members remove", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_WithEveryDomainAllowed_OrNoneGiven_Exits0_ButStillMarksPrivilegedRoles()
    {
        var all = await Members("list", "--allowed-domains", "sandbox.example,freemail.example");
        var none = await Members("list");

        Assert.True(all.ExitCode == 0, all.Stderr);
        Assert.Equal(0, none.ExitCode);
        Assert.Contains("4 privileged (owners: 1, admins: 3)", none.Stdout, StringComparison.Ordinal);
        Assert.Contains("privileged", none.Stdout.Split('\n').Single(l => l.Contains("owner@sandbox.example", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain("privileged", none.Stdout.Split('\n').Single(l => l.Contains("sdr@sandbox.example", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_WithSomethingThatIsNotADomain_Exits2()
    {
        var result = await Members("list", "--allowed-domains", "not a domain!");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not a domain", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_WithYes_RemovesTheMember_AndWritesAnAuditRecord()
    {
        var id = MemberId(await ListAsync(), Contractor);

        var removed = await Members("remove", Contractor, "--yes");
        var after = await ListAsync();
        var audit = await CliRunner.RunAsync("audit-log", "query", "--action", "member.remove", "--json");

        Assert.True(removed.ExitCode == 0, removed.Stderr);
        Assert.Contains($"removed member {Contractor} (admin)", removed.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(after, m => (string?)m["email"] == Contractor);
        Assert.Equal(4, after.Count);
        Assert.Equal($"instantly workspace member {id}", (string?)JsonNode.Parse(audit.Stdout)!.AsArray().Single()!["resource"]);
        Assert.DoesNotContain(_harness.Sandbox.AdminKey.Reveal(), removed.Stdout + removed.Stderr + audit.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_TheOwner_IsRefusedWithExit2_AndNothingChanges()
    {
        var result = await Members("remove", "owner@sandbox.example", "--yes");
        var audit = await CliRunner.RunAsync("audit-log", "query", "--action", "member.remove", "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("owner@sandbox.example is the workspace's only owner", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(5, (await ListAsync()).Count);
        Assert.Empty(JsonNode.Parse(audit.Stdout)!.AsArray());
    }

    [Fact]
    public async Task Remove_DryRun_SaysWhatWouldHappen_AndChangesNothing()
    {
        var result = await Members("remove", Contractor, "--dry-run");
        var audit = await CliRunner.RunAsync("audit-log", "query", "--action", "member.remove", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"dry run: would remove member {Contractor} (admin)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(await ListAsync(), m => (string?)m["email"] == Contractor);
        Assert.Empty(JsonNode.Parse(audit.Stdout)!.AsArray());
    }

    [Fact]
    public async Task Remove_DryRun_Json_NamesTheMemberAndTheOutcome()
    {
        var result = await Members("remove", Contractor, "--dry-run", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var report = JsonNode.Parse(result.Stdout)!.AsObject();
        Assert.Equal(["id", "email", "role", "outcome"], report.Select(p => p.Key));
        Assert.Equal(MemberId(await ListAsync(), Contractor), (string?)report["id"]);
        Assert.Equal(Contractor, (string?)report["email"]);
        Assert.Equal("admin", (string?)report["role"]);
        Assert.Equal("dry-run", (string?)report["outcome"]);
    }

    [Fact]
    public async Task Remove_NotInteractive_WithoutYes_Exits2_NamingYes_AndChangesNothing()
    {
        var result = await Members("remove", Contractor);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--yes", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(await ListAsync(), m => (string?)m["email"] == Contractor);
    }

    [Fact]
    public async Task Remove_OnATerminal_AsksFirst_AndOnlyYesRemoves()
    {
        var declined = await CliRunner.RunTypingAsync("n\n", ["members", "remove", Contractor, .. _harness.AdminOptions]);
        var afterDeclined = await ListAsync();
        var confirmed = await CliRunner.RunTypingAsync("y\n", ["members", "remove", Contractor, .. _harness.AdminOptions]);

        Assert.Contains($"Remove member {Contractor} (admin)? [y/N]", declined.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, declined.ExitCode);
        Assert.Contains(afterDeclined, m => (string?)m["email"] == Contractor);
        Assert.True(confirmed.ExitCode == 0, confirmed.Stderr);
        Assert.DoesNotContain(await ListAsync(), m => (string?)m["email"] == Contractor);
    }

    private static string[] Findings(JsonNode member) => [.. member["findings"]!.AsArray().Select(f => (string)f!)];

    private static string MemberId(List<JsonNode> members, string email) => (string)members.Single(m => (string?)m["email"] == email)["id"]!;

    private async Task<List<JsonNode>> ListAsync()
    {
        var list = await Members("list", "--json");
        Assert.True(list.ExitCode == 0, list.Stderr);
        return [.. JsonNode.Parse(list.Stdout)!.AsArray().Select(m => m!)];
    }

    private Task<CliResult> Members(params string[] args) => CliRunner.RunAsync(["members", .. args, .. _harness.AdminOptions]);
}
