using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Keyward.Core.Auditing;
using Keyward.Providers.Instantly.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Keyward.Bench.Client;

/// <summary>One GET through the guarded Instantly client versus the same request and JSON parse on a bare
/// HttpClient, both answered by an in-memory handler: the difference is what the guards cost per call.</summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class GuardOverhead
{
    private const string Path = "/api/v2/campaigns";

    private ServiceProvider _services = null!;
    private HttpClient _bare = null!;
    private InstantlyClient _guarded = null!;

    /// <summary>Builds both clients over the same in-memory API.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Environment.SetEnvironmentVariable("KEYWARD_BENCH_KEY", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{Guid.NewGuid():D}:benchsecret1")));
        var services = new ServiceCollection();
        services.AddSingleton<IAuditSink, DiscardingSink>();
        services.AddInstantly(o =>
        {
            o.BaseAddress = new Uri("http://instantly.bench");
            o.ApiKey = "env:KEYWARD_BENCH_KEY";
            o.Scopes = "campaigns:read";
            o.RequestsPerSecond = int.MaxValue;
            o.RequestsPerMinute = int.MaxValue;
        }).ConfigurePrimaryHttpMessageHandler(() => new InMemoryApi());
        services.AddHttpClient("bare", h => h.BaseAddress = new Uri("http://instantly.bench")).ConfigurePrimaryHttpMessageHandler(() => new InMemoryApi());
        _services = services.BuildServiceProvider();
        _bare = _services.GetRequiredService<IHttpClientFactory>().CreateClient("bare");
        _guarded = _services.GetRequiredService<InstantlyClient>();
    }

    /// <summary>Disposes the container.</summary>
    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    /// <summary>The request and parse alone.</summary>
    /// <returns>The parsed body.</returns>
    [Benchmark(Baseline = true)]
    public async Task<JsonNode?> BareHttpClient()
    {
        using var response = await _bare.GetAsync(Path);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The same through every guard.</summary>
    /// <returns>The parsed body.</returns>
    [Benchmark]
    public Task<JsonNode?> GuardedClient() => _guarded.SendAsync("GET", Path);

    private sealed class InProcessConfig : BenchmarkDotNet.Configs.ManualConfig
    {
        public InProcessConfig() => AddJob(Job.Default.WithWarmupCount(5).WithIterationCount(20).WithToolchain(InProcessEmitToolchain.Instance));
    }

    private sealed class DiscardingSink : IAuditSink
    {
        public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }

    private sealed class InMemoryApi : HttpMessageHandler
    {
        private static readonly byte[] Body = """{"items":[{"id":"c1","name":"Q1","status":1}]}"""u8.ToArray();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(Body);
            content.Headers.ContentType = new("application/json");
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content });
        }
    }
}
