using Keyward.Core.Auditing;
using Keyward.Core.Secrets;
using Keyward.Providers.Instantly.Client;
using Keyward.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace Keyward.Providers.Tests.Instantly.Client;

public class RedactionTests
{
    [Fact]
    public async Task PlantedKey_AppearsInNoLogExceptionOrAuditRecord_AcrossSuccessAndEveryFailure()
    {
        await using var harness = await ClientHarness.StartAsync(new SandboxOptions { RequestsPerMinute = 12 });
        var (reference, key, _) = await harness.KeyAsync("campaigns:read");
        var (revokedReference, revokedKey, revokedId) = await harness.KeyAsync("campaigns:read");
        var client = harness.Client(reference, configure: o => o.MaxRetryDelay = TimeSpan.FromMilliseconds(20));
        var guarded = harness.Client(reference, "campaigns:read");
        var failures = new List<Exception>();

        await client.ListCampaignsAsync();
        failures.Add(await Assert.ThrowsAsync<ScopeDeniedException>(() => client.CreateCampaignAsync("403 from the server")));
        failures.Add(await Assert.ThrowsAsync<ScopeDeniedException>(() => guarded.CreateCampaignAsync("refused locally")));
        failures.Add(await Assert.ThrowsAsync<InstantlyApiException>(() => client.SendAsync("GET", "/api/v2/nope")));
        await harness.RevokeAsync(revokedId);
        failures.Add(await Assert.ThrowsAsync<ApiKeyRejectedException>(() => harness.Client(revokedReference, "campaigns:read").ListCampaignsAsync()));
        failures.Add(await Assert.ThrowsAsync<RateLimitedException>(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await client.ListCampaignsAsync();
            }
        }));

        Assert.NotEmpty(harness.Logs.Lines);
        foreach (var planted in new[] { key, revokedKey })
        {
            Assert.DoesNotContain(harness.Logs.Lines, line => line.Contains(planted, StringComparison.Ordinal));
            Assert.All(failures, e => Assert.DoesNotContain(planted, e.ToString(), StringComparison.Ordinal));
            Assert.All(harness.Audit.Records, r => Assert.DoesNotContain(planted, r.ToString() + string.Join(',', r.Metadata ?? new Dictionary<string, string>()), StringComparison.Ordinal));
        }

        Assert.Contains(harness.Logs.Lines, line => line.Contains("Authorization", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task FailureBelowTheRedactionHandler_ThatEchoesTheKey_IsRethrownWithThePreviewOnly()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (reference, key, _) = await harness.KeyAsync("campaigns:read");
        var services = harness.Services(
            s => s.AddInstantly(o => (o.BaseAddress, o.ApiKey, o.Scopes) = (harness.Sandbox.BaseUrl, reference, "campaigns:read")),
            new EchoingAuditSink(key));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => services.GetRequiredService<InstantlyClient>().ListCampaignsAsync());

        Assert.DoesNotContain(key, error.ToString(), StringComparison.Ordinal);
        Assert.Contains(new SecretValue(key).Preview, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A careless sink that puts the credential in its error, as a real dependency might.</summary>
    private sealed class EchoingAuditSink(string key) : IAuditSink
    {
        public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException($"could not store record for Bearer {key}");
    }
}
