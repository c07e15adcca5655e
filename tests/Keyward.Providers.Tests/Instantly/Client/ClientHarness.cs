using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Keyward.Core.Auditing;
using Keyward.Providers.Instantly.Client;
using Keyward.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keyward.Providers.Tests.Instantly.Client;

/// <summary>A sandbox on loopback, a key in a fresh environment variable, and a DI container with the client,
/// an in-memory audit sink and a log capture, as an integration would wire them.</summary>
internal sealed class ClientHarness : IAsyncDisposable
{
    private readonly List<string> _variables = [];
    private readonly List<ServiceProvider> _providers = [];
    private readonly HttpClient _admin;

    private ClientHarness(SandboxServer sandbox)
    {
        Sandbox = sandbox;
        _admin = new HttpClient { BaseAddress = sandbox.BaseUrl };
        _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", sandbox.AdminKey.Reveal());
    }

    public SandboxServer Sandbox { get; }

    public InMemoryAuditSink Audit { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public static async Task<ClientHarness> StartAsync(SandboxOptions? options = null) =>
        new(await SandboxServer.StartAsync(options ?? new SandboxOptions()));

    /// <summary>Creates a key in the sandbox and puts it in a new environment variable; returns the reference.</summary>
    public async Task<(string Reference, string Key, string Id)> KeyAsync(params string[] scopes)
    {
        using var response = await _admin.PostAsync(
            "/api/v2/api-keys",
            new StringContent(new JsonObject { ["name"] = "test", ["scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode)s)]) }.ToJsonString(), Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var variable = "KEYWARD_TEST_KEY_" + Guid.NewGuid().ToString("N");
        _variables.Add(variable);
        Environment.SetEnvironmentVariable(variable, (string)body["key"]!);
        return ($"env:{variable}", (string)body["key"]!, (string)body["id"]!);
    }

    public async Task<JsonArray> SandboxAuditAsync()
    {
        var page = JsonNode.Parse(await _admin.GetStringAsync("/api/v2/audit-logs?limit=1000"))!;
        return page["items"]!.AsArray();
    }

    public async Task RevokeAsync(string id)
    {
        using var response = await _admin.DeleteAsync($"/api/v2/api-keys/{id}");
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Builds a container with the client registered by <paramref name="register"/>.</summary>
    public IServiceProvider Services(Action<IServiceCollection> register, IAuditSink? audit = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddSingleton(audit ?? Audit);
        register(services);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    public InstantlyClient Client(string reference, string? scopes = null, Action<InstantlyClientOptions>? configure = null) =>
        Services(s => s.AddInstantly(o =>
        {
            o.BaseAddress = Sandbox.BaseUrl;
            o.ApiKey = reference;
            o.Scopes = scopes;
            configure?.Invoke(o);
        })).GetRequiredService<InstantlyClient>();

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        foreach (var variable in _variables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        _admin.Dispose();
        await Sandbox.DisposeAsync();
    }
}
