using Keyward.Core.Secrets;

namespace Keyward.Secrets;

/// <summary>A place that keeps secrets by reference, each with versions and staging labels, so a key can be rotated
/// without downtime: a new version is stored as <see cref="SecretLabels.Pending"/>, then promoted in one atomic step.</summary>
/// <remarks>
/// Every store passes the same contract test suite. Implementations are thread-safe, never put a value in an
/// exception or a log, and raise <see cref="Changed"/> after a write so a running app reloads without a restart.
/// As an <see cref="ISecretResolver"/>, a store resolves the <see cref="SecretLabels.Current"/> version.
/// </remarks>
public interface ISecretStore : ISecretResolver
{
    /// <summary>Gets a value indicating whether the store only reads (<c>env:</c>).</summary>
    bool IsReadOnly { get; }

    /// <summary>Raised after a secret of this store changed (a new version, a label move), with its reference.</summary>
    event EventHandler<SecretReference>? Changed;

    /// <summary>Reads the version that carries <paramref name="label"/>.</summary>
    /// <param name="reference">The secret.</param>
    /// <param name="label">A staging label.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value.</returns>
    /// <exception cref="SecretNotFoundException">No version carries the label.</exception>
    ValueTask<SecretValue> GetAsync(SecretReference reference, string label, CancellationToken cancellationToken = default);

    /// <summary>Lists the secret's versions, newest first, without values.</summary>
    /// <param name="reference">The secret.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The versions; empty when the secret does not exist.</returns>
    ValueTask<IReadOnlyList<SecretVersionInfo>> GetVersionsAsync(SecretReference reference, CancellationToken cancellationToken = default);

    /// <summary>Stores a new version and moves <paramref name="label"/> onto it, atomically.</summary>
    /// <param name="reference">The secret (created if missing).</param>
    /// <param name="value">The value.</param>
    /// <param name="label">The label the new version gets (<see cref="SecretLabels.Current"/> or <see cref="SecretLabels.Pending"/>).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The new version's id.</returns>
    /// <exception cref="SecretStoreException">The store is read-only.</exception>
    ValueTask<string> PutAsync(SecretReference reference, SecretValue value, string label, CancellationToken cancellationToken = default);

    /// <summary>Promotes the pending version: it becomes current, and the old current becomes previous, in one
    /// atomic write. The single commit point of a rotation; promoting a version that is already current does
    /// nothing, so it can be repeated after a crash.</summary>
    /// <param name="reference">The secret.</param>
    /// <param name="versionId">The pending version expected (guards against promoting another rotation's version).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the move is durable.</returns>
    /// <exception cref="SecretStoreException">The version is neither pending nor current.</exception>
    ValueTask PromoteAsync(SecretReference reference, string versionId, CancellationToken cancellationToken = default);

    /// <summary>Lists the names of the secrets in the store (or in the file a reference points into).</summary>
    /// <param name="location">The store location, such as the vault file's path, or null for the default.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The names.</returns>
    ValueTask<IReadOnlyList<string>> ListAsync(string? location = null, CancellationToken cancellationToken = default);
}
