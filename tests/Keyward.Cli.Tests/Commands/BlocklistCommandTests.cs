using System.Text.Json.Nodes;
using Keyward.Sandbox;

namespace Keyward.Cli.Tests.Commands;

/// <summary><c>keyward blocklist list|add</c> against the sandbox's risky workspace, whose block list starts empty.</summary>
[Collection(ProcessEnvironment.Name)]
public sealed class BlocklistCommandTests : IAsyncLifetime
{
    private KeysHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await KeysHarness.StartAsync(new SandboxOptions { Seed = SandboxSeed.Risky });

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Add_WithYes_NormalisesValues_SkipsTheOnesAlreadyBlocked_AndAuditsEachNewEntry()
    {
        var first = await Blocklist("add", "Competitor.Example", "--yes");
        var second = await Blocklist("add", " COMPETITOR.example ", "rival.example,ceo@Rival.example", "--yes");
        var entries = await ListAsync();
        var audit = await CliRunner.RunAsync("audit-log", "query", "--action", "blocklist.add", "--json");

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("already blocked, skipped: competitor.example", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 added.", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(["ceo@rival.example", "competitor.example", "rival.example"], entries.Select(e => (string)e["value"]!).Order(StringComparer.Ordinal));
        Assert.Equal(
            entries.Select(e => $"instantly block list entry {e["id"]}").Order(StringComparer.Ordinal),
            JsonNode.Parse(audit.Stdout)!.AsArray().Select(r => (string)r!["resource"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Add_EverythingAlreadyBlocked_ChangesNothing_AndNeedsNoConfirmation()
    {
        await Blocklist("add", "competitor.example", "--yes");

        var again = await Blocklist("add", "competitor.example");

        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("nothing to add", again.Stdout, StringComparison.Ordinal);
        Assert.Single(await ListAsync());
    }

    [Fact]
    public async Task AddAndList_Json_GiveTheOutcome_AndEachEntrysKind()
    {
        await Blocklist("add", "competitor.example", "--yes");

        var result = await Blocklist("add", "competitor.example,ceo@rival.example", "--yes", "--json");
        var entries = await ListAsync();

        Assert.True(result.ExitCode == 0, result.Stderr);
        var report = JsonNode.Parse(result.Stdout)!.AsObject();
        Assert.Equal(["outcome", "add", "alreadyPresent"], report.Select(p => p.Key));
        Assert.Equal("added", (string?)report["outcome"]);
        Assert.Equal(["ceo@rival.example"], report["add"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(["competitor.example"], report["alreadyPresent"]!.AsArray().Select(v => (string)v!));
        var email = entries.Single(e => (string?)e["value"] == "ceo@rival.example").AsObject();
        Assert.Equal(["id", "value", "isDomain", "timestampCreated"], email.Select(p => p.Key));
        Assert.False((bool)email["isDomain"]!);
        Assert.True((bool)entries.Single(e => (string?)e["value"] == "competitor.example")["isDomain"]!);
    }

    [Fact]
    public async Task Add_SomethingThatIsNotADomain_Exits2_AndAddsNothing()
    {
        var result = await Blocklist("add", "competitor.example", "not a domain!", "--yes");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'not a domain!' is neither a domain", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task Add_NotInteractive_WithoutYes_Exits2_NamingYes_AndAddsNothing()
    {
        var result = await Blocklist("add", "competitor.example");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--yes", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task Add_DryRun_SaysWhatWouldHappen_AndChangesNothing()
    {
        var result = await Blocklist("add", "competitor.example", "rival.example", "--dry-run");
        var audit = await CliRunner.RunAsync("audit-log", "query", "--action", "blocklist.add", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("dry run: would add 2 entries to the block list (competitor.example, rival.example)", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(await ListAsync());
        Assert.Empty(JsonNode.Parse(audit.Stdout)!.AsArray());
    }

    [Fact]
    public async Task Add_OnATerminal_AsksFirst()
    {
        var result = await CliRunner.RunTypingAsync("yes\n", ["blocklist", "add", "competitor.example", .. _harness.AdminOptions]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Add 1 entry to the block list (competitor.example)? [y/N]", result.Stderr, StringComparison.Ordinal);
        Assert.Single(await ListAsync());
    }

    [Fact]
    public async Task List_ShowsEntriesAsATable()
    {
        await Blocklist("add", "competitor.example", "ceo@rival.example", "--yes");

        var list = await Blocklist("list");

        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Contains("domain", list.Stdout.Split('\n').Single(l => l.Contains("competitor.example", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("email", list.Stdout.Split('\n').Single(l => l.Contains("ceo@rival.example", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("2 entries.", list.Stdout, StringComparison.Ordinal);
    }

    private async Task<List<JsonNode>> ListAsync()
    {
        var list = await Blocklist("list", "--json");
        Assert.True(list.ExitCode == 0, list.Stderr);
        return [.. JsonNode.Parse(list.Stdout)!.AsArray().Select(e => e!)];
    }

    private Task<CliResult> Blocklist(params string[] args) => CliRunner.RunAsync(["blocklist", .. args, .. _harness.AdminOptions]);
}
