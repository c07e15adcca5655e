namespace Keyward.Core.Secrets;

/// <summary>Resolves <c>env:NAME</c> references from the process environment, read at every call so a value
/// changed by the host is picked up.</summary>
/// <remarks>Read-only: rotation needs a store that can hold versions (the secret stores).</remarks>
public sealed class EnvironmentSecretResolver : ISecretResolver
{
    /// <summary>The scheme this resolver handles.</summary>
    public const string Scheme = "env";

    /// <inheritdoc/>
    public bool CanResolve(SecretReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return reference.Scheme == Scheme;
    }

    /// <inheritdoc/>
    public ValueTask<SecretValue> ResolveAsync(SecretReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (!CanResolve(reference))
        {
            throw new ArgumentException($"{reference} is not an env: reference", nameof(reference));
        }

        var value = Environment.GetEnvironmentVariable(reference.Location);
        return string.IsNullOrWhiteSpace(value)
            ? throw new SecretNotFoundException($"environment variable {reference.Location} is not set ({reference})")
            : ValueTask.FromResult(new SecretValue(value.Trim()));
    }
}
