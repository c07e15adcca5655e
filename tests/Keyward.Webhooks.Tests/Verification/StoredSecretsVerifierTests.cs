using System.Text;
using Keyward.Core.Secrets;
using Keyward.Secrets;
using Keyward.Tests.Shared;
using Keyward.Webhooks.Verification;

namespace Keyward.Webhooks.Tests.Verification;

/// <summary>Secrets by reference, reloaded while running: the receiver's half of a webhook secret rotation, over a
/// real encrypted vault file.</summary>
public sealed class StoredSecretsVerifierTests : IDisposable
{
    private const string Header = "X-Keyward-Webhook-Secret";
    private static readonly SecretValue Old = new("whk-old-secret-0123456789abcdef"); // keyward:allow (fake)
    private static readonly SecretValue New = new("whk-new-secret-fedcba9876543210"); // keyward:allow (fake)

    private readonly TempDirectory _directory = new();
    private readonly SecretStores _stores;
    private readonly SecretReference _reference;

    public StoredSecretsVerifierTests()
    {
        _stores = SecretStores.Default(Path.Combine(_directory.Path, "master.key"));
        _reference = SecretReference.Parse($"vault-file:{Path.Combine(_directory.Path, "secrets.kwv")}#INSTANTLY_WEBHOOK_SECRET");
    }

    private ISecretStore Store => _stores.For(_reference);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task APendingSecret_IsAcceptedAfterARefresh_AndTheOldOneIsDroppedOnceTheNewIsPromoted()
    {
        await Store.PutAsync(_reference, Old, SecretLabels.Current);
        var verifier = await CreateAsync();
        Assert.True(Accepts(verifier, Old));
        Assert.False(Accepts(verifier, New));

        await Store.PutAsync(_reference, New, SecretLabels.Pending);
        Assert.False(Accepts(verifier, New)); // not before the reload
        Assert.True(await verifier.RefreshAsync());
        Assert.True(Accepts(verifier, Old));
        Assert.True(Accepts(verifier, New));
        Assert.Equal(2, verifier.AcceptedCount);
        Assert.False(await verifier.RefreshAsync()); // nothing changed since

        var pending = (await Store.GetVersionsAsync(_reference)).Single(v => v.Labels.Contains(SecretLabels.Pending));
        await Store.PromoteAsync(_reference, pending.VersionId);
        Assert.True(await verifier.RefreshAsync());
        Assert.False(Accepts(verifier, Old));
        Assert.True(Accepts(verifier, New));
    }

    [Fact]
    public async Task AFailedRefresh_KeepsTheSecretsAcceptedUntilThen()
    {
        await Store.PutAsync(_reference, Old, SecretLabels.Current);
        var verifier = await CreateAsync();

        await File.WriteAllTextAsync(Path.Combine(_directory.Path, "secrets.kwv"), "not a vault file");

        await Assert.ThrowsAnyAsync<Exception>(() => verifier.RefreshAsync());
        Assert.True(Accepts(verifier, Old));
    }

    [Fact]
    public async Task DeletingTheOnlySecret_RevokesIt_AndTheEndpointAcceptsNothing()
    {
        var env = Path.Combine(_directory.Path, ".env");
        await File.WriteAllTextAsync(env, $"INSTANTLY_WEBHOOK_SECRET={Old.Reveal()}\nOTHER=1\n");
        var reference = SecretReference.Parse($"dotenv:{env}#INSTANTLY_WEBHOOK_SECRET");
        var verifier = await StoredSecretsVerifier.CreateAsync(new WebhookVerifyOptions { Scheme = "header-secret", Header = Header }, [reference], _stores);
        Assert.True(Accepts(verifier, Old));

        await File.WriteAllTextAsync(env, "OTHER=1\n");

        Assert.True(await verifier.RefreshAsync());
        Assert.False(Accepts(verifier, Old));
        Assert.Equal(0, verifier.AcceptedCount);
        Assert.Equal([reference], verifier.Revoked);
        Assert.Equal("header-secret", verifier.Scheme);

        await File.WriteAllTextAsync(env, $"INSTANTLY_WEBHOOK_SECRET={New.Reveal()}\n");
        Assert.True(await verifier.RefreshAsync());
        Assert.True(Accepts(verifier, New));
        Assert.Empty(verifier.Revoked);
    }

    [Fact]
    public async Task DeletingOneOfTwoSecrets_KeepsTheOther()
    {
        await Store.PutAsync(_reference, Old, SecretLabels.Current);
        var env = Path.Combine(_directory.Path, ".env");
        await File.WriteAllTextAsync(env, $"SECOND={New.Reveal()}\n");
        var second = SecretReference.Parse($"dotenv:{env}#SECOND");
        var verifier = await StoredSecretsVerifier.CreateAsync(new WebhookVerifyOptions { Scheme = "header-secret", Header = Header }, [_reference, second], _stores);

        await File.WriteAllTextAsync(env, string.Empty);

        Assert.True(await verifier.RefreshAsync());
        Assert.True(Accepts(verifier, Old));
        Assert.False(Accepts(verifier, New));
        Assert.Equal([second], verifier.Revoked);
    }

    [Fact]
    public async Task ASecretWithoutACurrentVersion_IsRefusedAtStart()
    {
        await Assert.ThrowsAsync<SecretNotFoundException>(CreateAsync);
    }

    [Fact]
    public async Task AnEnvironmentVariable_IsOneReadOnlySecret()
    {
        var variable = "KEYWARD_TEST_WEBHOOK_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, Old.Reveal());
        try
        {
            var verifier = await StoredSecretsVerifier.CreateAsync(new WebhookVerifyOptions { Scheme = "header-secret", Header = Header }, [SecretReference.Parse($"env:{variable}")], _stores);

            Assert.True(Accepts(verifier, Old));
            Assert.Equal(1, verifier.AcceptedCount);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    private static bool Accepts(StoredSecretsVerifier verifier, SecretValue presented) =>
        verifier.Verify(name => string.Equals(name, Header, StringComparison.OrdinalIgnoreCase) ? presented.Reveal() : null, Encoding.UTF8.GetBytes("{}")).IsValid;

    private Task<StoredSecretsVerifier> CreateAsync() =>
        StoredSecretsVerifier.CreateAsync(new WebhookVerifyOptions { Scheme = "header-secret", Header = Header }, [_reference], _stores);
}
