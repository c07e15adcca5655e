using System.Net.Http.Headers;
using System.Text;
using Keyward.Audit.Import;
using Keyward.Audit.Tests.Stores;
using Keyward.Providers.Instantly.Client;
using Keyward.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace Keyward.Audit.Tests.Import;

public sealed class InstantlyAuditImporterTests : IAsyncLifetime
{
    private readonly string _variable = "KEYWARD_TEST_KEY_" + Guid.NewGuid().ToString("N");
    private SandboxServer _sandbox = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions { Seed = SandboxSeed.Risky });
        Environment.SetEnvironmentVariable(_variable, _sandbox.AdminKey.Reveal());
        _services = new ServiceCollection()
            .AddInstantly(o => (o.BaseAddress, o.ApiKey, o.Scopes) = (_sandbox.BaseUrl, $"env:{_variable}", "audit_logs:read")).Services
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _sandbox.DisposeAsync();
        Environment.SetEnvironmentVariable(_variable, null);
    }

    [Fact]
    public async Task Pull_ImportsEveryVendorEntryOnce_OldestFirst_AndResumes()
    {
        using var http = new HttpClient { BaseAddress = _sandbox.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _sandbox.AdminKey.Reveal());
        for (var i = 0; i < 5; i++)
        {
            using var response = await http.PostAsync("/api/v2/campaigns", new StringContent($$"""{"name":"c{{i}}"}""", Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
        }

        await using var store = new SqliteFixture();
        await using var log = await AuditLog.OpenAsync(new AuditLogOptions { Store = store.Reference });
        var importer = new InstantlyAuditImporter(_services.GetRequiredService<InstantlyClient>(), log);

        var first = await importer.PullAsync("acme");
        var second = await importer.PullAsync("acme");

        Assert.Equal(5 + 15, first.Imported); // the 5 campaigns, and the risky seed's 15 calls of crm-sync-2025 and dashboard
        Assert.True(second.Fetched >= 1);
        Assert.Equal(1, second.Imported); // the first pull's own GET /audit-logs, recorded by Instantly after it
        var all = await log.ReadAsync().ToListAsync();
        var entries = all.Where(e => e.Source == AuditEntry.InstantlySource).ToList();
        var pulls = all.Where(e => e.Action == InstantlyAuditImporter.PullAction).ToList();
        Assert.Equal(all.Count, entries.Count + pulls.Count);
        Assert.Equal(2, pulls.Count); // each pull records itself, so `keyward check` can tell when the log was last pulled
        Assert.All(pulls, p => Assert.Equal(AuditEntry.LocalSource, p.Source));
        Assert.Contains("\"imported\":\"20\"", pulls[0].Metadata, StringComparison.Ordinal);
        Assert.Equal(entries.Select(e => e.Timestamp).Order(), entries.Select(e => e.Timestamp));
        Assert.Equal(5, entries.Count(e => e.Resource == "POST /api/v2/campaigns"));
        Assert.Contains(entries, e => e.Action == "instantly.activity.api_request" && e.Resource == "GET /api/v2/audit-logs");
        Assert.All(entries, e => Assert.Contains("\"workspace\":\"acme\"", e.Metadata, StringComparison.Ordinal));
        Assert.Equal(entries.Count, entries.Select(e => e.SourceId).Distinct().Count());
        Assert.True((await log.VerifyAsync()).IsValid);
    }
}
