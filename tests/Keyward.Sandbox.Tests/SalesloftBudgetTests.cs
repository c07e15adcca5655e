using System.Globalization;

namespace Keyward.Sandbox.Tests;

public class SalesloftBudgetTests
{
    [Fact]
    public async Task CostBudget_Answers429WithTheRateLimitHeaders()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { SalesloftCostPerMinute = 2 });
        using var client = new SandboxClient(server);
        var key = server.SalesloftKey.Reveal();

        var first = await client.SendAsync(HttpMethod.Get, "/v2/me", key);
        await client.SendAsync(HttpMethod.Get, "/v2/me", key);
        var limited = await client.SendAsync(HttpMethod.Get, "/v2/me", key);

        Assert.Equal("1", first.Headers.GetValues("x-ratelimit-endpoint-cost").Single());
        Assert.Equal("1", first.Headers.GetValues("x-ratelimit-remaining-minute").Single());
        Assert.Equal(429, limited.Status);
        Assert.Equal("0", limited.Headers.GetValues("x-ratelimit-remaining-minute").Single());
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture) is > 0 and <= 60);
    }
}
