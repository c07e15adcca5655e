using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Keyward.Sandbox;
using Keyward.Tests.Shared;

namespace Keyward.Cli.Tests.Commands;

/// <summary>What the <c>keyward keys</c> tests share: a sandbox workspace whose admin key sits in a variable of its own,
/// a fresh master key, and an audit log in a temporary directory. Tests using it belong to the
/// <see cref="ProcessEnvironment"/> collection, since it sets process environment variables.</summary>
internal sealed class KeysHarness : IAsyncDisposable
{
    private KeysHarness(SandboxServer sandbox)
    {
        Sandbox = sandbox;
        Environment.SetEnvironmentVariable(AdminVariable, sandbox.AdminKey.Reveal());
        Environment.SetEnvironmentVariable("KEYWARD_MASTER_KEY", MasterKey);
        Environment.SetEnvironmentVariable("KEYWARD_AUDIT_STORE", AuditStore);
    }

    public SandboxServer Sandbox { get; }

    public TempDirectory Directory { get; } = new();

    public string AdminVariable { get; } = "KEYWARD_TEST_ADMIN_" + Guid.NewGuid().ToString("N");

    public string MasterKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string AuditStore => $"sqlite:{Path.Combine(Directory.Path, "audit.db")}";

    /// <summary>The options every <c>keyward keys</c> call needs: the admin key and the sandbox's address.</summary>
    public string[] AdminOptions => ["--admin-secret", $"env:{AdminVariable}", "--base-url", Sandbox.BaseUrl.ToString()];

    public static async Task<KeysHarness> StartAsync(SandboxOptions? options = null) =>
        new(await SandboxServer.StartAsync(options ?? new SandboxOptions()));

    public Task<CliResult> Keys(params string[] args) => CliRunner.RunAsync(["keys", .. args, .. AdminOptions]);

    public async Task<List<JsonNode>> ListKeysAsync()
    {
        var list = await Keys("list", "--json");
        Assert.True(list.ExitCode == 0, list.Stderr);
        return [.. JsonNode.Parse(list.Stdout)!.AsArray().Select(k => k!)];
    }

    /// <summary>Calls <c>GET /api/v2/campaigns</c> with a key, as a consumer of it would.</summary>
    public async Task<HttpStatusCode> CallWithAsync(string key)
    {
        using var http = new HttpClient { BaseAddress = Sandbox.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.GetAsync("/api/v2/campaigns");
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        Environment.SetEnvironmentVariable(AdminVariable, null);
        Environment.SetEnvironmentVariable("KEYWARD_MASTER_KEY", null);
        Environment.SetEnvironmentVariable("KEYWARD_AUDIT_STORE", null);
        await Sandbox.DisposeAsync();
        Directory.Dispose();
    }
}
