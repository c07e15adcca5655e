using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Keyward.Providers.Instantly.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Keyward.Providers.Tests.Instantly.Client;

/// <summary>Server answers the sandbox does not produce (402, 502/503/504), from a scripted stand-in for the network.</summary>
public class RetryTests
{
    [Fact]
    public async Task ServerError_IsRetriedForReads()
    {
        var (client, network) = Build(HttpStatusCode.ServiceUnavailable, HttpStatusCode.BadGateway, HttpStatusCode.OK);

        var page = await client.ListCampaignsAsync();

        Assert.Empty(page.Items);
        Assert.Equal(3, network.Requests.Count);
    }

    [Fact]
    public async Task ServerError_IsNotRetriedForWrites_WhichMayHaveBeenApplied()
    {
        var (client, network) = Build(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);

        var error = await Assert.ThrowsAsync<InstantlyApiException>(() => client.CreateCampaignAsync("maybe created"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(network.Requests);
    }

    [Fact]
    public async Task ReadOverPost_IsRetriedLikeAGet()
    {
        var (client, network) = Build(HttpStatusCode.GatewayTimeout, HttpStatusCode.OK);

        await client.ListLeadsAsync();

        Assert.Equal(["POST /api/v2/leads/list", "POST /api/v2/leads/list"], network.Requests);
    }

    [Fact]
    public async Task RateLimited_IsRetriedForWritesToo()
    {
        var (client, network) = Build(HttpStatusCode.TooManyRequests, HttpStatusCode.OK);

        await client.CreateCampaignAsync("created once");

        Assert.Equal(2, network.Requests.Count);
    }

    [Fact]
    public async Task PaymentRequired_BecomesATypedError()
    {
        var (client, network) = Build(HttpStatusCode.PaymentRequired);

        var error = await Assert.ThrowsAsync<PaymentRequiredException>(() => client.ListCampaignsAsync());

        Assert.Equal(HttpStatusCode.PaymentRequired, error.StatusCode);
        Assert.Contains("no active paid plan", error.Message, StringComparison.Ordinal);
        Assert.Single(network.Requests);
    }

    private static (InstantlyClient Client, ScriptedNetwork Network) Build(params HttpStatusCode[] script)
    {
        var variable = "KEYWARD_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "retry-test-placeholder");
        var network = new ScriptedNetwork(script);
        var services = new ServiceCollection();
        services.AddInstantly(o =>
        {
            o.BaseAddress = new Uri("http://instantly.invalid");
            o.ApiKey = $"env:{variable}";
            o.Scopes = "campaigns:all leads:read";
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
        }).ConfigurePrimaryHttpMessageHandler(() => network);
        return (services.BuildServiceProvider().GetRequiredService<InstantlyClient>(), network);
    }

    private sealed class ScriptedNetwork(HttpStatusCode[] script) : HttpMessageHandler
    {
        private int _next;

        public ConcurrentQueue<string> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Enqueue($"{request.Method} {request.RequestUri!.AbsolutePath}");
            var status = script[Math.Min(Interlocked.Increment(ref _next) - 1, script.Length - 1)];
            var body = status == HttpStatusCode.OK
                ? request.Method == HttpMethod.Post && request.RequestUri.AbsolutePath.EndsWith("/campaigns", StringComparison.Ordinal)
                    ? """{"id":"c1","name":"created once","status":0}"""
                    : """{"items":[]}"""
                : $$"""{"statusCode":{{(int)status}},"error":"x","message":"scripted"}""";
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
