using Keyward.Core.Secrets;

namespace Keyward.Rotation;

/// <summary>Resolves one reference to the key a rotation just created, so the test step calls Instantly through the
/// same guarded client (rate limits, retries, redaction, audit) as everything else.</summary>
internal sealed class CandidateKeyResolver(SecretValue key) : ISecretResolver
{
    public static readonly SecretReference Reference = SecretReference.Parse("rotation:candidate");

    public bool CanResolve(SecretReference reference) => reference == Reference;

    public ValueTask<SecretValue> ResolveAsync(SecretReference reference, CancellationToken cancellationToken = default) =>
        reference == Reference ? ValueTask.FromResult(key) : throw new SecretNotFoundException($"{reference} is not the rotation's candidate key");
}
