using Keyward.Core.Secrets;
using Keyward.Providers.Instantly.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Keyward.Providers.Tests.Instantly.Client;

public class RotationRetryTests
{
    [Fact]
    public async Task RevokedKey_ReplacedInTheStoreMeanwhile_IsRetriedOnceWithTheNewKey()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (_, oldKey, oldId) = await harness.KeyAsync("campaigns:read");
        var (_, newKey, newId) = await harness.KeyAsync("campaigns:read");
        await harness.RevokeAsync(oldId);
        var store = new RotatingStore(oldKey, newKey);
        var client = harness.Services(s =>
        {
            s.AddSingleton<ISecretResolver>(store);
            s.AddInstantly(o => (o.BaseAddress, o.ApiKey, o.Scopes) = (harness.Sandbox.BaseUrl, "rotating:crm", "campaigns:read"));
        }).GetRequiredService<InstantlyClient>();

        await client.ListCampaignsAsync();

        Assert.Equal(["401", "200"], harness.Audit.Records.Select(r => r.Metadata!["status"]));
        Assert.Equal([$"instantly-key:{oldId}", $"instantly-key:{newId}"], harness.Audit.Records.Select(r => r.Actor));
    }

    [Fact]
    public async Task RevokedKey_StillInTheStore_IsNotRetried()
    {
        await using var harness = await ClientHarness.StartAsync();
        var (reference, _, id) = await harness.KeyAsync("campaigns:read");
        await harness.RevokeAsync(id);
        var client = harness.Client(reference, "campaigns:read");

        await Assert.ThrowsAsync<ApiKeyRejectedException>(() => client.ListCampaignsAsync());

        Assert.Single(harness.Audit.Records);
    }

    /// <summary>A store whose current value changes after the first read, as during a rotation's promotion.</summary>
    private sealed class RotatingStore(string first, string then) : ISecretResolver
    {
        private int _reads;

        public bool CanResolve(SecretReference reference) => reference.Scheme == "rotating";

        public ValueTask<SecretValue> ResolveAsync(SecretReference reference, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new SecretValue(Interlocked.Increment(ref _reads) == 1 ? first : then));
    }
}
