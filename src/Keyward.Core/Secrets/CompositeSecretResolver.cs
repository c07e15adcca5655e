namespace Keyward.Core.Secrets;

/// <summary>Resolves a reference with whichever of several resolvers handles its scheme.</summary>
/// <remarks>Thread-safe when every resolver is. The error for an unknown scheme lists the schemes that work.</remarks>
public sealed class CompositeSecretResolver : ISecretResolver
{
    private readonly ISecretResolver[] _resolvers;

    /// <summary>Initializes a new instance of the <see cref="CompositeSecretResolver"/> class.</summary>
    /// <param name="resolvers">The resolvers, asked in order.</param>
    public CompositeSecretResolver(IEnumerable<ISecretResolver> resolvers)
    {
        ArgumentNullException.ThrowIfNull(resolvers);
        _resolvers = [.. resolvers];
    }

    /// <inheritdoc/>
    public bool CanResolve(SecretReference reference) => _resolvers.Any(r => r.CanResolve(reference));

    /// <inheritdoc/>
    /// <exception cref="SecretNotFoundException">No resolver handles the scheme, or the secret is missing.</exception>
    public ValueTask<SecretValue> ResolveAsync(SecretReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return _resolvers.FirstOrDefault(r => r.CanResolve(reference)) is { } resolver
            ? resolver.ResolveAsync(reference, cancellationToken)
            : throw new SecretNotFoundException($"no secret store is configured for '{reference.Scheme}:' references ({reference}); env:NAME always works");
    }
}
