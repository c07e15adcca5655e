using Keyward.Core.Secrets;

namespace Keyward.Providers.Instantly.Client.Handlers;

/// <summary>Who the audit log names for a client's calls: the configured actor, else the key's id, else the key's
/// fingerprint prefix. Never the key.</summary>
internal sealed class AuditActor(string? configured, ISecretResolver secrets, SecretReference key)
{
    /// <summary>The action of every record the Instantly client writes.</summary>
    public const string Action = "instantly.api.call";

    public async ValueTask<string> NameAsync(CancellationToken cancellationToken)
    {
        if (configured is not null)
        {
            return configured;
        }

        var value = await secrets.ResolveAsync(key, cancellationToken).ConfigureAwait(false);
        return Of(value);
    }

    public static string Of(SecretValue value) =>
        InstantlyKeyShape.TryGetKeyId(value, out var id) ? $"instantly-key:{id:D}" : $"instantly-key:sha256:{value.Sha256Hex()[..12]}";
}
