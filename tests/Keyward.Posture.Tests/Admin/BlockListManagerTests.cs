using Keyward.Posture.Admin;

namespace Keyward.Posture.Tests.Admin;

/// <summary>The block list of the sandbox's risky workspace, which starts empty.</summary>
public sealed class BlockListManagerTests : IAsyncLifetime
{
    private WorkspaceHarness _harness = null!;

    private BlockListManager BlockList => _harness.BlockList;

    public async Task InitializeAsync() => _harness = await WorkspaceHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task AddAsync_NormalisesCaseAndWhitespace_AndAuditsEachEntry()
    {
        await BlockList.AddAsync([" Competitor.Example ", "CEO@Rival.Example", "@sandbox.example"]);
        var entries = await BlockList.ListAsync();

        Assert.Equal(["ceo@rival.example", "competitor.example", "sandbox.example"], entries.Select(e => e.BlValue).Order(StringComparer.Ordinal));
        var records = _harness.Changes("blocklist.add");
        Assert.Equal(3, records.Length);
        Assert.All(records, r => Assert.Equal(_harness.Time.GetUtcNow(), r.Timestamp));
        Assert.Equal(entries.Select(e => $"instantly block list entry {e.Id}").Order(StringComparer.Ordinal), records.Select(r => r.Resource).Order(StringComparer.Ordinal));
        Assert.Equal("email", records.Single(r => r.Metadata!["value"] == "ceo@rival.example").Metadata!["kind"]);
        Assert.Equal("domain", records.Single(r => r.Metadata!["value"] == "competitor.example").Metadata!["kind"]);
    }

    [Fact]
    public async Task AddAsync_SkipsValuesAlreadyPresent_AndRepeatsWithinOneCall()
    {
        await BlockList.AddAsync(["competitor.example"]);

        var plan = await BlockList.AddAsync(["COMPETITOR.example", "rival.example", "Rival.Example "]);
        var entries = await BlockList.ListAsync();

        Assert.Equal(["rival.example"], plan.ToAdd);
        Assert.Equal(["competitor.example"], plan.AlreadyPresent);
        Assert.Equal(2, entries.Count);
        Assert.Equal(2, _harness.Changes("blocklist.add").Length);
    }

    [Fact]
    public async Task PlanAddAsync_RejectsAValueThatIsNeitherADomainNorAnAddress_AndAddsNothing()
    {
        var e = await Assert.ThrowsAsync<WorkspaceAdminException>(() => BlockList.AddAsync(["competitor.example", "not a domain!"]));

        Assert.Contains("'not a domain!' is neither a domain", e.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was added", e.Message, StringComparison.Ordinal);
        Assert.Empty(await BlockList.ListAsync());
        Assert.Empty(_harness.WritesSent());
        Assert.Empty(_harness.Changes("blocklist.add"));
    }

    [Fact]
    public async Task PlanAddAsync_NothingGiven_IsRefused()
    {
        await Assert.ThrowsAsync<WorkspaceAdminException>(() => BlockList.PlanAddAsync([]));
    }

    [Fact]
    public async Task AddAsync_DryRun_PlansButChangesAndAuditsNothing()
    {
        var plan = await BlockList.AddAsync(["competitor.example"], dryRun: true);

        Assert.Equal(["competitor.example"], plan.ToAdd);
        Assert.Empty(await BlockList.ListAsync());
        Assert.Empty(_harness.WritesSent());
        Assert.Empty(_harness.Changes("blocklist.add"));
    }

    [Theory]
    [InlineData("competitor.example", "competitor.example")]
    [InlineData("  Competitor.Example.  ", "competitor.example")]
    [InlineData("@competitor.example", "competitor.example")]
    [InlineData("xn--bcher-kva.example", "xn--bcher-kva.example")]
    [InlineData("First.Last+tag@Sub.Competitor.Example", "first.last+tag@sub.competitor.example")]
    public void TryNormalize_AcceptsDomainsAndAddresses(string value, string expected)
    {
        Assert.True(BlockListManager.TryNormalize(value, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("not a domain!")]
    [InlineData("")]
    [InlineData("localhost")]
    [InlineData("192.168.0.1")]
    [InlineData("-bad.example")]
    [InlineData("bad-.example")]
    [InlineData("a..example")]
    [InlineData("bücher.example")]
    [InlineData("a@b@competitor.example")]
    [InlineData("@")]
    [InlineData("someone@")]
    [InlineData(".someone@competitor.example")]
    [InlineData("some..one@competitor.example")]
    [InlineData("competitor.example,rival.example")]
    public void TryNormalize_RejectsEverythingElse(string value)
    {
        Assert.False(BlockListManager.TryNormalize(value, out _));
    }
}
