using System.Net;
using Keyward.Core.Auditing;
using Keyward.Core.Scopes;
using Keyward.Core.Secrets;
using Keyward.Providers.Instantly;
using Keyward.Providers.Instantly.Client;
using Keyward.Providers.Instantly.Client.Models;
using Keyward.Secrets;

namespace Keyward.Rotation;

/// <summary>The key-management calls behind <c>keyward keys</c>, made with the admin key: list every key, create one
/// straight into a secret store, and revoke one without cutting off what uses it. Every change is audited.</summary>
public sealed class InstantlyKeyManager
{
    private readonly SecretStores _stores;
    private readonly IAuditSink _audit;
    private readonly string _actor;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="InstantlyKeyManager"/> class.</summary>
    /// <param name="admin">The client holding the admin key (needs <c>api_keys</c> scopes).</param>
    /// <param name="stores">The secret stores new keys go to.</param>
    /// <param name="audit">Receives one record per change.</param>
    /// <param name="actor">Who acts, for the audit log.</param>
    /// <param name="time">The clock.</param>
    public InstantlyKeyManager(InstantlyClient admin, SecretStores stores, IAuditSink audit, string actor, TimeProvider? time = null)
    {
        Admin = admin ?? throw new ArgumentNullException(nameof(admin));
        _stores = stores ?? throw new ArgumentNullException(nameof(stores));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _actor = actor ?? throw new ArgumentNullException(nameof(actor));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Gets the admin client, for calls this class does not wrap.</summary>
    public InstantlyClient Admin { get; }

    /// <summary>Gets the secret stores.</summary>
    public SecretStores Stores => _stores;

    /// <summary>Lists every key of the workspace, all pages.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The keys (never their values).</returns>
    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        var keys = new List<ApiKey>();
        await foreach (var key in InstantlyClient.ReadAllAsync((cursor, ct) => Admin.ListApiKeysAsync(100, cursor, ct), cancellationToken).ConfigureAwait(false))
        {
            keys.Add(key);
        }

        return keys;
    }

    /// <summary>Throws unless <paramref name="target"/> is in a writable store; call it before creating anything.</summary>
    /// <param name="target">Where a new key would go.</param>
    /// <exception cref="SecretStoreException">The store is read-only; the message names a writable alternative.</exception>
    public void EnsureWritable(SecretReference target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (_stores.For(target).IsReadOnly)
        {
            throw new SecretStoreException($"{target} is read-only; store new keys in a writable store such as vault-file:.keyward/secrets.kwv#NAME");
        }
    }

    /// <summary>Creates a key and stores its value at <paramref name="target"/> as <c>current</c>. If storing fails,
    /// the key is revoked again: a key whose value is lost can never be used.</summary>
    /// <param name="name">The key's name.</param>
    /// <param name="scopes">Its scopes.</param>
    /// <param name="target">Where its value goes (a writable store).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The new key's details.</returns>
    /// <exception cref="SecretStoreException">The store is read-only (nothing was created), or storing failed (the
    /// key was revoked again).</exception>
    public async Task<ApiKey> CreateAsync(string name, ScopeSet scopes, SecretReference target, CancellationToken cancellationToken = default)
    {
        EnsureWritable(target);
        var created = await Admin.CreateApiKeyAsync(name, scopes, cancellationToken).ConfigureAwait(false);
        try
        {
            await _stores.For(target).PutAsync(target, created.Key, SecretLabels.Current, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await DeleteIfPresentAsync(created.Details.Id, CancellationToken.None).ConfigureAwait(false);
            throw new SecretStoreException($"the new key {created.Details.Id} could not be stored at {target} ({e.Message}); it was revoked again", e);
        }

        await AuditAsync("key.create", created.Details.Id, new() { ["name"] = created.Details.Name, ["scopes"] = scopes.ToString(), ["secret"] = target.ToString() }, cancellationToken).ConfigureAwait(false);
        return created.Details;
    }

    /// <summary>Finds which of <paramref name="references"/> currently holds the key, so a revoke does not cut off
    /// what uses it.</summary>
    /// <param name="keyId">The key.</param>
    /// <param name="references">The references to check (the admin key's, the integration's).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The first reference whose current value is that key, or null.</returns>
    public async Task<SecretReference?> FindHolderAsync(string keyId, IEnumerable<SecretReference> references, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        foreach (var reference in references)
        {
            var value = await _stores.For(reference).ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
            if (InstantlyKeyShape.TryGetKeyId(value, out var id) && id.ToString("D") == keyId)
            {
                return reference;
            }
        }

        return null;
    }

    /// <summary>Revokes a key at once, and audits it.</summary>
    /// <param name="keyId">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Instantly confirmed.</returns>
    public async Task RevokeAsync(string keyId, CancellationToken cancellationToken = default)
    {
        await Admin.DeleteApiKeyAsync(keyId, cancellationToken).ConfigureAwait(false);
        await AuditAsync("key.revoke", keyId, [], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Revokes a key, counting one that is already gone as revoked (a repeated step, or revoked by hand).</summary>
    /// <param name="keyId">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the key is gone.</returns>
    public async Task DeleteIfPresentAsync(string keyId, CancellationToken cancellationToken = default)
    {
        try
        {
            await Admin.DeleteApiKeyAsync(keyId, cancellationToken).ConfigureAwait(false);
        }
        catch (InstantlyApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Already revoked.
        }
    }

    private ValueTask AuditAsync(string action, string keyId, Dictionary<string, string> metadata, CancellationToken cancellationToken) =>
        _audit.WriteAsync(new AuditRecord(_time.GetUtcNow(), _actor, action, $"instantly key {keyId}", true, null, metadata), cancellationToken);
}
