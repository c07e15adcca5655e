using Keyward.Core.Auditing;
using Keyward.Core.Secrets;
using Keyward.Posture.Admin;
using Keyward.Providers.Instantly.Client;
using Keyward.Sandbox;
using Keyward.Testing;

namespace Keyward.Posture.Tests.Admin;

/// <summary>The sandbox's risky workspace on loopback, a guarded client holding its admin key (from an environment
/// variable of its own), both managers, and one audit sink that sees the client's API calls and the managers'
/// change records, as the CLI wires them.</summary>
internal sealed class WorkspaceHarness : IAsyncDisposable
{
    private readonly string _variable = "KEYWARD_TEST_ADMIN_" + Guid.NewGuid().ToString("N");
    private readonly InstantlyClientHost _host;

    private WorkspaceHarness(SandboxServer sandbox)
    {
        Sandbox = sandbox;
        Environment.SetEnvironmentVariable(_variable, sandbox.AdminKey.Reveal());
        // The client keeps the system clock (its rate limiter and retries wait on it); the fake one dates the records.
        _host = InstantlyClientHost.Create(o => (o.BaseAddress, o.ApiKey) = (sandbox.BaseUrl, $"env:{_variable}"), new EnvironmentSecretResolver(), Audit);
        Members = new WorkspaceMembersManager(_host.Client, Audit, Actor, Time);
        BlockList = new BlockListManager(_host.Client, Audit, Actor, Time);
    }

    public const string Actor = "tester via env:KEYWARD_TEST_ADMIN";

    public SandboxServer Sandbox { get; }

    public CollectingAuditSink Audit { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero));

    public WorkspaceMembersManager Members { get; }

    public BlockListManager BlockList { get; }

    public static async Task<WorkspaceHarness> StartAsync(SandboxSeed seed = SandboxSeed.Risky) =>
        new(await SandboxServer.StartAsync(new SandboxOptions { Seed = seed }));

    /// <summary>The records a manager wrote for <paramref name="action"/> (not the client's per-call records).</summary>
    public AuditRecord[] Changes(string action) => [.. Audit.Records.Where(r => r.Action == action)];

    /// <summary>The API calls that could have changed the workspace: anything but a GET.</summary>
    public string[] WritesSent() =>
        [.. Audit.Records.Where(r => r.Action == "instantly.api.call" && !r.Resource.StartsWith("GET ", StringComparison.Ordinal)).Select(r => r.Resource)];

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        Environment.SetEnvironmentVariable(_variable, null);
        await Sandbox.DisposeAsync();
    }
}
