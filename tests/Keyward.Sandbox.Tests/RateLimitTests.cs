using System.Globalization;

namespace Keyward.Sandbox.Tests;

public class RateLimitTests
{
    [Fact]
    public async Task BeyondTheWorkspaceLimit_AllKeysGet429WithRetryAfter_ThenSucceedAgain()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-11-30T10:00:00.100Z", CultureInfo.InvariantCulture));
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { RequestsPerSecond = 3, RequestsPerMinute = 1000, TimeProvider = time });
        using var client = new SandboxClient(server);
        var (_, second) = await client.CreateKeyAsync("second", "campaigns:read");
        time.Advance(TimeSpan.FromSeconds(1));

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.GetAsync("/api/v2/campaigns", i % 2 == 0 ? second : null)).Status);
        }

        var limited = await client.GetAsync("/api/v2/campaigns", second);
        time.Advance(TimeSpan.FromSeconds(1));
        var after = await client.GetAsync("/api/v2/campaigns", second);

        Assert.All(statuses, s => Assert.Equal(200, s));
        Assert.Equal(429, limited.Status);
        Assert.Equal("Rate limit exceeded", (string?)limited.Body!["message"]);
        Assert.Equal(TimeSpan.FromSeconds(1), limited.Headers.RetryAfter!.Delta);
        Assert.Equal(200, after.Status);
    }

    [Fact]
    public async Task PerMinuteLimit_RetryAfterCountsToTheNextMinute()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-11-30T10:00:45Z", CultureInfo.InvariantCulture));
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { RequestsPerSecond = 100, RequestsPerMinute = 2, TimeProvider = time });
        using var client = new SandboxClient(server);

        await client.GetAsync("/api/v2/campaigns");
        await client.GetAsync("/api/v2/campaigns");
        var limited = await client.GetAsync("/api/v2/campaigns");

        Assert.Equal(429, limited.Status);
        Assert.Equal(TimeSpan.FromSeconds(15), limited.Headers.RetryAfter!.Delta);
    }
}
