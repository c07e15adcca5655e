using Keyward.Core.Secrets;
using Keyward.Secrets.Stores;

namespace Keyward.Secrets.Tests.Stores;

/// <summary>The contract against a local double of Vault's documented KV v2 API (no real Vault server runs here).</summary>
public sealed class HashiCorpVaultSecretStoreTests : SecretStoreContract, IAsyncLifetime
{
    private VaultServerDouble _vault = null!;
    private HashiCorpVaultSecretStore _store = null!;

    protected override ISecretStore Store => _store;

    public async Task InitializeAsync()
    {
        _vault = await VaultServerDouble.StartAsync();
        _store = new HashiCorpVaultSecretStore(_vault.Address, () => _vault.Token);
    }

    public async Task DisposeAsync()
    {
        _store.Dispose();
        await _vault.DisposeAsync();
    }

    [Fact]
    public async Task OtherFieldsOfThePath_SurviveAWrite_AndUnlabelledSecretsReadTheirLatestVersion()
    {
        var apiKey = SecretReference.Parse("hashicorp-vault:secret/crm#api_key");
        var region = SecretReference.Parse("hashicorp-vault:secret/crm#region");
        await Store.PutAsync(region, new SecretValue("eu-west-1"), SecretLabels.Current);

        await Store.PutAsync(apiKey, new SecretValue("api-key-value-0123456789"), SecretLabels.Current);

        Assert.Equal("eu-west-1", (await Store.GetAsync(region, SecretLabels.Current)).Reveal());
        Assert.Equal("api-key-value-0123456789", (await Store.GetAsync(apiKey, SecretLabels.Current)).Reveal());
    }

    [Fact]
    public async Task BadToken_IsAClearError()
    {
        using var store = new HashiCorpVaultSecretStore(_vault.Address, () => "hvs.wrong");

        var error = await Assert.ThrowsAsync<SecretStoreException>(() => store.GetAsync(Reference("x"), SecretLabels.Current).AsTask());

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
    }

    protected override SecretReference Reference(string name) => SecretReference.Parse($"hashicorp-vault:secret/{name}#value");
}
