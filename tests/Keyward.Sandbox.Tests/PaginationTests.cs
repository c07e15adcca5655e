using System.Text.Json.Nodes;

namespace Keyward.Sandbox.Tests;

public class PaginationTests
{
    [Fact]
    public async Task Cursor_WalksEveryItemOnceInCreationOrder()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions());
        using var client = new SandboxClient(server);
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((string)(await client.PostAsync("/api/v2/lead-lists", new JsonObject { ["name"] = $"list {i}" })).Body!["id"]!);
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var (status, page, _) = await client.GetAsync("/api/v2/lead-lists?limit=3" + (cursor is null ? string.Empty : $"&starting_after={cursor}"));
            Assert.Equal(200, status);
            seen.AddRange(page!["items"]!.AsArray().Select(i => (string)i!["id"]!));
            cursor = (string?)page["next_starting_after"];
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(created, seen);
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData("/api/v2/lead-lists?limit=101", "1 to 100")]
    [InlineData("/api/v2/lead-lists?limit=0", "1 to 100")]
    [InlineData("/api/v2/audit-logs?limit=1001", "1 to 1000")]
    public async Task LimitOutOfRange_Is400(string path, string expected)
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions());
        using var client = new SandboxClient(server);

        var (status, body, _) = await client.GetAsync(path);

        Assert.Equal(400, status);
        Assert.Contains(expected, (string)body!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeadsList_TakesLimitAndCursorInTheBody()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions());
        using var client = new SandboxClient(server);
        for (var i = 0; i < 3; i++)
        {
            await client.PostAsync("/api/v2/leads", new JsonObject { ["email"] = $"lead{i}@example.com" });
        }

        var first = await client.PostAsync("/api/v2/leads/list", new JsonObject { ["limit"] = 2 });
        var second = await client.PostAsync("/api/v2/leads/list", new JsonObject { ["limit"] = 2, ["starting_after"] = first.Body!["next_starting_after"]!.DeepClone() });

        Assert.Equal(["lead0@example.com", "lead1@example.com"], first.Body["items"]!.AsArray().Select(l => (string)l!["email"]!));
        Assert.Equal(["lead2@example.com"], second.Body!["items"]!.AsArray().Select(l => (string)l!["email"]!));
        Assert.Null(second.Body["next_starting_after"]);
    }
}
