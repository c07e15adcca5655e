namespace Keyward.Core.Secrets;

/// <summary>Turns a secret reference (<c>env:NAME</c>, and the secret stores' schemes) into the secret's value.</summary>
/// <remarks>
/// Code holds references, never values: configuration names <c>env:INSTANTLY_API_KEY</c>, and the value is read
/// when needed, so a rotated secret is picked up without a restart. Implementations must be thread-safe and must
/// never put a value in an exception message.
/// </remarks>
public interface ISecretResolver
{
    /// <summary>Tells whether this resolver handles <paramref name="reference"/>'s scheme.</summary>
    /// <param name="reference">The reference.</param>
    /// <returns>Whether <see cref="ResolveAsync"/> can be called with it.</returns>
    bool CanResolve(SecretReference reference);

    /// <summary>Reads the current value.</summary>
    /// <param name="reference">The reference.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value, redacted when printed.</returns>
    /// <exception cref="SecretNotFoundException">Nothing is stored under the reference.</exception>
    ValueTask<SecretValue> ResolveAsync(SecretReference reference, CancellationToken cancellationToken = default);
}
