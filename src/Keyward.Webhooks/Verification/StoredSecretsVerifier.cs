using System.Security.Cryptography;
using System.Text;
using Keyward.Core.Secrets;
using Keyward.Secrets;

namespace Keyward.Webhooks.Verification;

/// <summary>A verifier whose accepted secrets come from secret references and are reloaded while it runs, so a
/// webhook secret rotates without a restart (<c>keyward webhooks rotate-secret</c>).</summary>
/// <remarks>
/// <para>
/// Each reference contributes its <see cref="SecretLabels.Current"/> version and, while a rotation is under way, its
/// <see cref="SecretLabels.Pending"/> version. A rotation stages the new secret as pending (from then on both are
/// accepted), switches the sender to it, and promotes it: the old secret becomes previous and is no longer accepted
/// after the next <see cref="RefreshAsync"/>.
/// </para>
/// <para>
/// A refresh that fails (the store is unreachable) keeps the secrets accepted until then, so a secret store outage
/// does not turn into rejected deliveries. A reference whose secret is gone (deleted to revoke it) is different: it is
/// an answer, not an outage, so from the next refresh on that reference contributes nothing, and with every reference
/// gone the endpoint rejects every delivery. Swaps are atomic: a delivery is verified against one whole set, old or
/// new. Thread-safe.
/// </para>
/// </remarks>
public sealed class StoredSecretsVerifier : IWebhookVerifier
{
    private readonly WebhookVerifyOptions _template;
    private readonly IReadOnlyList<SecretReference> _references;
    private readonly SecretStores _stores;
    private readonly TimeProvider _time;
    private volatile Loaded _loaded;

    private StoredSecretsVerifier(WebhookVerifyOptions template, IReadOnlyList<SecretReference> references, SecretStores stores, TimeProvider time, Loaded loaded)
    {
        _template = template;
        _references = references;
        _stores = stores;
        _time = time;
        _loaded = loaded;
    }

    /// <inheritdoc/>
    public string Scheme => _loaded.Verifier.Scheme;

    /// <summary>Gets how many secrets are accepted now (two for a reference during its rotation, none for a reference
    /// whose secret was deleted).</summary>
    public int AcceptedCount => _loaded.Count;

    /// <summary>Gets the references whose secret was found gone at the last refresh: they accept nothing.</summary>
    public IReadOnlyList<SecretReference> Revoked => _loaded.Revoked;

    /// <summary>Gets the references the secrets are read from, for messages (they never hold a value).</summary>
    public IReadOnlyList<SecretReference> References => _references;

    /// <summary>Creates the verifier and loads its secrets once.</summary>
    /// <param name="options">The scheme, header, tolerance and user name; its <see cref="WebhookVerifyOptions.Secrets"/> are ignored.</param>
    /// <param name="references">Where the accepted secrets are kept, at least one.</param>
    /// <param name="stores">Opens the stores.</param>
    /// <param name="time">The clock of timestamped schemes; the default value is <see cref="TimeProvider.System"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The verifier.</returns>
    /// <exception cref="ArgumentException">No reference, or the options are invalid for their scheme.</exception>
    /// <exception cref="SecretNotFoundException">A reference has no current version.</exception>
    public static async Task<StoredSecretsVerifier> CreateAsync(
        WebhookVerifyOptions options,
        IReadOnlyList<SecretReference> references,
        SecretStores stores,
        TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(stores);
        if (references.Count == 0)
        {
            throw new ArgumentException("Webhook verification needs at least one secret reference.", nameof(references));
        }

        time ??= TimeProvider.System;
        var loaded = await LoadAsync(options, references, stores, time, revokeMissing: false, cancellationToken).ConfigureAwait(false);
        return new StoredSecretsVerifier(options, [.. references], stores, time, loaded);
    }

    /// <inheritdoc/>
    public VerificationResult Verify(HeaderLookup headers, ReadOnlySpan<byte> body) => _loaded.Verifier.Verify(headers, body);

    /// <summary>Reads the secrets again and swaps them in when they changed.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>True when the accepted set changed.</returns>
    /// <remarks>A reference without a current version (its secret was deleted) is revoked: it accepts nothing until
    /// a secret is stored there again. See <see cref="Revoked"/>.</remarks>
    /// <exception cref="SecretStoreException">A store failed; the secrets accepted until now stay accepted.</exception>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var loaded = await LoadAsync(_template, _references, _stores, _time, revokeMissing: true, cancellationToken).ConfigureAwait(false);
        if (loaded.Fingerprint.AsSpan().SequenceEqual(_loaded.Fingerprint))
        {
            return false;
        }

        _loaded = loaded;
        return true;
    }

    private static async Task<Loaded> LoadAsync(
        WebhookVerifyOptions template,
        IReadOnlyList<SecretReference> references,
        SecretStores stores,
        TimeProvider time,
        bool revokeMissing,
        CancellationToken cancellationToken)
    {
        var secrets = new List<SecretValue>();
        var revoked = new List<SecretReference>();
        foreach (var reference in references)
        {
            var store = stores.For(reference);
            try
            {
                secrets.Add(await store.ResolveAsync(reference, cancellationToken).ConfigureAwait(false));
            }
            catch (SecretNotFoundException) when (revokeMissing)
            {
                revoked.Add(reference);
                continue;
            }

            if (store.IsReadOnly)
            {
                continue; // env: has one version only
            }

            try
            {
                secrets.Add(await store.GetAsync(reference, SecretLabels.Pending, cancellationToken).ConfigureAwait(false));
            }
            catch (SecretNotFoundException)
            {
                // No rotation under way.
            }
        }

        var verifier = secrets.Count == 0
            ? new AcceptsNothing(template.Scheme.Trim().ToLowerInvariant())
            : WebhookVerifiers.Create(
                new WebhookVerifyOptions { Scheme = template.Scheme, Header = template.Header, Tolerance = template.Tolerance, Username = template.Username, Secrets = secrets },
                time);

        // Only a hash of the set is kept to notice a change; the values live in the verifier alone.
        var fingerprint = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', secrets.Select(s => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(s.Reveal())))).Order(StringComparer.Ordinal))));
        return new Loaded(verifier, secrets.Count, fingerprint, revoked);
    }

    private sealed record Loaded(IWebhookVerifier Verifier, int Count, byte[] Fingerprint, IReadOnlyList<SecretReference> Revoked);

    /// <summary>The verifier of an endpoint whose every secret was deleted: revocation fails closed.</summary>
    private sealed class AcceptsNothing(string scheme) : IWebhookVerifier
    {
        public string Scheme => scheme;

        public VerificationResult Verify(HeaderLookup headers, ReadOnlySpan<byte> body) =>
            VerificationResult.Fail(VerificationFailure.BadSecret, "every secret of this endpoint was deleted from its store; it accepts no delivery");
    }
}
