using Keyward.Core.Secrets;
using Keyward.Secrets.Stores;

namespace Keyward.Secrets.Tests.Stores;

/// <summary>The contract, and what is particular to Key Vault, against a local HTTPS double of the documented secrets
/// REST API through the real Azure SDK (no real vault is reached from here).</summary>
public sealed class AzureKeyVaultSecretStoreTests : SecretStoreContract, IAsyncLifetime
{
    private KeyVaultServerDouble _vault = null!;
    private FixedTokenCredential _credential = null!;
    private AzureKeyVaultSecretStore _store = null!;

    protected override ISecretStore Store => _store;

    public async Task InitializeAsync()
    {
        _vault = await KeyVaultServerDouble.StartAsync();
        _credential = new FixedTokenCredential(_vault.Token);
        _store = new AzureKeyVaultSecretStore(_credential, _vault.ClientOptions());
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task Get_SecretWrittenByAnotherTool_ReadsItsLatestAsCurrent_AndTheOneBeforeAsPrevious()
    {
        // Written as `az keyvault secret set` would: no Keyward tags, a minute apart.
        var older = _vault.Seed("crm-api-key", "older-value-0000000000", created: 1_767_225_600);
        var newer = _vault.Seed("crm-api-key", "newer-value-0000000000", created: 1_767_225_660, new Dictionary<string, string> { ["owner"] = "sales-ops" });
        var reference = Reference("crm-api-key");

        Assert.Equal("newer-value-0000000000", (await Store.ResolveAsync(reference)).Reveal());
        Assert.Equal("older-value-0000000000", (await Store.GetAsync(reference, SecretLabels.Previous)).Reveal());
        await Assert.ThrowsAsync<SecretNotFoundException>(() => Store.GetAsync(reference, SecretLabels.Pending).AsTask());
        var versions = await Store.GetVersionsAsync(reference);
        Assert.Equal([newer, older], versions.Select(v => v.VersionId));
        Assert.Equal([SecretLabels.Current], versions[0].Labels);

        var written = await Store.PutAsync(reference, new SecretValue("third-value-0000000000"), SecretLabels.Current);

        Assert.Equal("sales-ops", _vault.Tags("crm-api-key", written)["owner"]);
        Assert.Equal("newer-value-0000000000", (await Store.GetAsync(reference, SecretLabels.Previous)).Reveal());
    }

    [Fact]
    public async Task Pending_IsASiblingOtherToolsNeverRead_AndPromotionIsOneWriteOfTheName()
    {
        var reference = Reference("INSTANTLY_API_KEY"); // '_' is stored as '-', Key Vault's only separator
        await Store.PutAsync(reference, new SecretValue("first-value-0000000000"), SecretLabels.Current);
        var pendingId = await Store.PutAsync(reference, new SecretValue("second-value-000000000"), SecretLabels.Pending);

        Assert.Equal("first-value-0000000000", _vault.Latest("INSTANTLY-API-KEY"));
        Assert.Equal("second-value-000000000", _vault.Latest("INSTANTLY-API-KEY--keyward-pending"));
        Assert.Equal(["INSTANTLY-API-KEY"], await Store.ListAsync(_vault.Address.ToString()));

        var before = _vault.Requests.Count;
        await Store.PromoteAsync(reference, pendingId);
        var writes = _vault.Requests.Skip(before).Where(r => !r.StartsWith("GET ", StringComparison.Ordinal)).ToList();

        Assert.Equal("second-value-000000000", _vault.Latest("INSTANTLY-API-KEY"));
        Assert.Equal(["PUT /secrets/INSTANTLY-API-KEY", $"PATCH /secrets/INSTANTLY-API-KEY--keyward-pending/{pendingId}"], writes);
        Assert.Equal("promoted", _vault.Tags("INSTANTLY-API-KEY--keyward-pending", pendingId)[AzureKeyVaultSecretStore.StateTag]);
        Assert.Equal(["https://vault.azure.net/.default"], _credential.Scopes.Distinct());
    }

    [Fact]
    public async Task Promote_WhenTheMarkOnTheSiblingWasLost_StaysIdempotent_AndNeverRollsBack()
    {
        var reference = Reference("crm-api-key");
        await Store.PutAsync(reference, new SecretValue("first-value-0000000000"), SecretLabels.Current);
        var pendingId = await Store.PutAsync(reference, new SecretValue("second-value-000000000"), SecretLabels.Pending);
        await Store.PromoteAsync(reference, pendingId);

        // A crash between the commit and the best-effort mark leaves the sibling looking pending.
        _vault.Alter("crm-api-key--keyward-pending", pendingId, tags => tags[AzureKeyVaultSecretStore.StateTag] = "pending");

        await Assert.ThrowsAsync<SecretNotFoundException>(() => Store.GetAsync(reference, SecretLabels.Pending).AsTask());
        await Store.PromoteAsync(reference, pendingId);
        await Store.PutAsync(reference, new SecretValue("third-value-0000000000"), SecretLabels.Current);
        _vault.Alter("crm-api-key--keyward-pending", pendingId, tags => tags[AzureKeyVaultSecretStore.StateTag] = "pending");
        var error = await Assert.ThrowsAsync<SecretStoreException>(() => Store.PromoteAsync(reference, pendingId).AsTask());

        Assert.Contains("not pending", error.Message, StringComparison.Ordinal);
        Assert.Equal("third-value-0000000000", _vault.Latest("crm-api-key"));
        Assert.Equal("second-value-000000000", (await Store.GetAsync(reference, SecretLabels.Previous)).Reveal());
    }

    [Fact]
    public async Task Previous_SkipsADisabledVersion_AndADisabledLatestIsNotFound()
    {
        var oldest = _vault.Seed("crm-api-key", "oldest-value-000000000", created: 1_767_225_600);
        var middle = _vault.Seed("crm-api-key", "middle-value-000000000", created: 1_767_225_660);
        var latest = _vault.Seed("crm-api-key", "latest-value-000000000", created: 1_767_225_720);
        var reference = Reference("crm-api-key");

        _vault.Alter("crm-api-key", middle, enabled: false);

        Assert.Equal("oldest-value-000000000", (await Store.GetAsync(reference, SecretLabels.Previous)).Reveal());
        Assert.Equal([latest, oldest], (await Store.GetVersionsAsync(reference)).Select(v => v.VersionId));

        _vault.Alter("crm-api-key", latest, enabled: false);

        var error = await Assert.ThrowsAsync<SecretNotFoundException>(() => Store.GetAsync(reference, SecretLabels.Current).AsTask());
        Assert.Contains("crm-api-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_FollowsNextLinks_AndHidesPendingSiblings()
    {
        var names = Enumerable.Range(0, 5).Select(i => $"key-{i}").ToArray();
        foreach (var name in names)
        {
            await Store.PutAsync(Reference(name), new SecretValue($"value-of-{name}-0000000000"), SecretLabels.Pending);
            await Store.PutAsync(Reference(name), new SecretValue($"value-of-{name}-0000000000"), SecretLabels.Current);
        }

        Assert.Equal(names, await Store.ListAsync(_vault.Address.ToString()));
    }

    [Fact]
    public async Task BadToken_IsAClearError_NamingTheVaultAndTheFix()
    {
        var store = new AzureKeyVaultSecretStore(new FixedTokenCredential("not-a-token-this-vault-accepts"), _vault.ClientOptions());

        var error = await Assert.ThrowsAsync<SecretStoreException>(() => store.GetAsync(Reference("crm-api-key"), SecretLabels.Current).AsTask());

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Contains(_vault.Address.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("az login", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnlyIdentity_WritingIsForbidden_NamingTheRoleItNeeds()
    {
        var store = new AzureKeyVaultSecretStore(new FixedTokenCredential(_vault.ReaderToken), _vault.ClientOptions());

        var error = await Assert.ThrowsAsync<SecretStoreException>(() => store.PutAsync(Reference("crm-api-key"), new SecretValue("planted-value-0123456789"), SecretLabels.Current).AsTask());

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.Contains("Key Vault Secrets Officer", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("planted-value-0123456789", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("azure-keyvault:http://myvault.vault.azure.net/crm-api-key", "https://")]
    [InlineData("azure-keyvault:https://myvault.vault.azure.net/crm.api.key", "letters, digits and dashes")]
    [InlineData("azure-keyvault:https://myvault.vault.azure.net/", "letters, digits and dashes")]
    [InlineData("azure-keyvault:https://myvault.vault.azure.net/secrets/crm-api-key", "no path")]
    [InlineData("azure-keyvault:crm-api-key", "VAULTURL/NAME")]
    [InlineData("azure-keyvault:https://myvault.vault.azure.net/crm-api-key--keyward-pending", "pending")]
    public async Task InvalidReference_IsAClearError(string text, string rule)
    {
        var error = await Assert.ThrowsAsync<SecretStoreException>(() => Store.GetAsync(SecretReference.Parse(text), SecretLabels.Current).AsTask());

        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooLongName_IsRefused_WithTheLimit()
    {
        var error = await Assert.ThrowsAsync<SecretStoreException>(() => Store.GetAsync(Reference(new string('k', 128)), SecretLabels.Current).AsTask());

        Assert.Contains("1 to 127", error.Message, StringComparison.Ordinal);
    }

    protected override SecretReference Reference(string name) => SecretReference.Parse($"azure-keyvault:{_vault.Address}{name}");
}
