using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Keyward.Providers.Instantly.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Keyward.Providers.Tests.Instantly.Client;

/// <summary>How the guard learns undeclared scopes when <c>GET /api-keys</c> misbehaves (a scripted network).</summary>
public class ScopeLookupTests
{
    private static readonly Guid KeyId = Guid.Parse("0192f1c2-7a3b-7c4d-9e5f-0123456789ab");

    [Fact]
    public async Task FailedLookup_IsNotRemembered_TheNextCallLooksAgainAndEnforces()
    {
        var network = new Network(HttpStatusCode.InternalServerError, HttpStatusCode.OK);
        var client = Build(network);

        await client.CreateCampaignAsync("lookup failed: left to Instantly");
        var denied = await Assert.ThrowsAsync<ScopeDeniedException>(() => client.CreateCampaignAsync("lookup worked: refused"));

        Assert.True(denied.RefusedBeforeSending);
        Assert.Equal(2, network.Lookups);
    }

    [Fact]
    public async Task KeyThatMayNotListKeys_IsRememberedAsUnknown_AndLookedUpOnce()
    {
        var network = new Network(HttpStatusCode.Forbidden);
        var client = Build(network);

        await client.CreateCampaignAsync("first");
        await client.CreateCampaignAsync("second");

        Assert.Equal(1, network.Lookups);
    }

    private static InstantlyClient Build(Network network)
    {
        var variable = "KEYWARD_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, Convert.ToBase64String(Encoding.ASCII.GetBytes($"{KeyId:D}:lookupsecret")));
        var services = new ServiceCollection();
        services.AddInstantly(o => (o.BaseAddress, o.ApiKey) = (new Uri("http://instantly.invalid"), $"env:{variable}"))
            .ConfigurePrimaryHttpMessageHandler(() => network);
        return services.BuildServiceProvider().GetRequiredService<InstantlyClient>();
    }

    /// <summary>Answers key lookups from a script (the key may only read campaigns) and every other call with a campaign.</summary>
    private sealed class Network(params HttpStatusCode[] lookups) : HttpMessageHandler
    {
        private readonly ConcurrentQueue<HttpStatusCode> _lookups = new(lookups);
        private int _count;

        public int Lookups => _count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath == "/api/v2/api-keys")
            {
                Interlocked.Increment(ref _count);
                var status = _lookups.TryDequeue(out var next) ? next : HttpStatusCode.OK;
                var body = status == HttpStatusCode.OK
                    ? $$"""{"items":[{"id":"{{KeyId:D}}","name":"k","scopes":["campaigns:read"]}]}"""
                    : """{"statusCode":500,"error":"x","message":"scripted"}""";
                return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"id":"c1","name":"n","status":0}""", Encoding.UTF8, "application/json"),
            });
        }
    }
}
