using Keyward.Core.Secrets;
using Keyward.Secrets.Stores;

namespace Keyward.Secrets;

/// <summary>The stores this build has, by scheme; picks the one a reference names. As an
/// <see cref="ISecretResolver"/> it resolves any reference any of them handles, so code that only reads keys (the
/// API client, the audit log's HMAC key) accepts every store.</summary>
public sealed class SecretStores : ISecretResolver
{
    private readonly IReadOnlyList<ISecretStore> _stores;

    /// <summary>Initializes a new instance of the <see cref="SecretStores"/> class.</summary>
    /// <param name="stores">The stores, asked in order.</param>
    public SecretStores(IEnumerable<ISecretStore> stores)
    {
        ArgumentNullException.ThrowIfNull(stores);
        _stores = [.. stores];
    }

    /// <summary>Gets the built-in stores: <c>env:</c>, <c>vault-file:</c>, <c>dotenv:</c>, <c>postgres:</c>,
    /// <c>hashicorp-vault:</c> (at <c>VAULT_ADDR</c> with <c>VAULT_TOKEN</c>) and <c>azure-keyvault:</c> (signed in
    /// through <c>DefaultAzureCredential</c>).</summary>
    /// <param name="masterKeyFile">The vault's key file when <c>KEYWARD_MASTER_KEY</c> is not set.</param>
    /// <returns>The stores.</returns>
    public static SecretStores Default(string? masterKeyFile = null) =>
        new([new EnvironmentSecretStore(), new VaultFileSecretStore(masterKeyFile), new DotenvSecretStore(), new PostgresSecretStore(masterKeyFile), new HashiCorpVaultSecretStore(), new AzureKeyVaultSecretStore()]);

    /// <inheritdoc/>
    public bool CanResolve(SecretReference reference) => _stores.Any(s => s.CanResolve(reference));

    /// <inheritdoc/>
    /// <exception cref="SecretStoreException">No store handles the scheme.</exception>
    public ValueTask<SecretValue> ResolveAsync(SecretReference reference, CancellationToken cancellationToken = default) =>
        For(reference).ResolveAsync(reference, cancellationToken);

    /// <summary>Returns the store for a reference.</summary>
    /// <param name="reference">The reference.</param>
    /// <returns>The store.</returns>
    /// <exception cref="SecretStoreException">No store handles the scheme; the message lists those that do.</exception>
    public ISecretStore For(SecretReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return _stores.FirstOrDefault(s => s.CanResolve(reference))
            ?? throw new SecretStoreException($"no secret store handles '{reference.Scheme}:' references; this build has env:NAME, vault-file:PATH#NAME, dotenv:PATH#NAME, postgres:CONNECTION STRING#NAME, hashicorp-vault:MOUNT/PATH#FIELD and azure-keyvault:VAULTURL/NAME");
    }
}
