using Keyward.Core.Secrets;

namespace Keyward.Secrets.Stores;

/// <summary><c>env:NAME</c> as a store: read-only, one version (the variable's value, labelled current). Rotation
/// needs a writable store; this one lets the same code read keys from the environment.</summary>
public sealed class EnvironmentSecretStore : ISecretStore
{
    private readonly EnvironmentSecretResolver _resolver = new();

    /// <inheritdoc/>
    public event EventHandler<SecretReference>? Changed
    {
        add { }
        remove { }
    }

    /// <inheritdoc/>
    public bool IsReadOnly => true;

    /// <inheritdoc/>
    public bool CanResolve(SecretReference reference) => _resolver.CanResolve(reference);

    /// <inheritdoc/>
    public ValueTask<SecretValue> ResolveAsync(SecretReference reference, CancellationToken cancellationToken = default) =>
        _resolver.ResolveAsync(reference, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<SecretValue> GetAsync(SecretReference reference, string label, CancellationToken cancellationToken = default) =>
        label == SecretLabels.Current
            ? _resolver.ResolveAsync(reference, cancellationToken)
            : throw new SecretNotFoundException($"{reference} has no version labelled '{label}': environment variables hold one value");

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<SecretVersionInfo>> GetVersionsAsync(SecretReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        IReadOnlyList<SecretVersionInfo> versions = Environment.GetEnvironmentVariable(reference.Location) is { Length: > 0 }
            ? [new SecretVersionInfo("env", DateTimeOffset.MinValue, [SecretLabels.Current])]
            : [];
        return ValueTask.FromResult(versions);
    }

    /// <inheritdoc/>
    public ValueTask<string> PutAsync(SecretReference reference, SecretValue value, string label, CancellationToken cancellationToken = default) =>
        throw ReadOnly(reference);

    /// <inheritdoc/>
    public ValueTask PromoteAsync(SecretReference reference, string versionId, CancellationToken cancellationToken = default) =>
        throw ReadOnly(reference);

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<string>> ListAsync(string? location = null, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<string>>([]);

    private static SecretStoreException ReadOnly(SecretReference reference) =>
        new($"{reference} is an environment variable and cannot be written; store the key in a vault-file: (or another writable) store to rotate it");
}
