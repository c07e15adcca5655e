using Keyward.Core.Auditing;
using Keyward.Core.Secrets;
using Keyward.Providers.Salesloft;
using Keyward.Secrets;
using Microsoft.Extensions.DependencyInjection;

namespace Keyward.Rotation;

/// <summary>Rotation for Salesloft, which cannot create keys by API: the person creates the key in Salesloft;
/// keyward verifies it (<c>GET /v2/me</c>), stores it as <c>pending</c>, promotes it, and reminds them to revoke the
/// old one. Nothing changes unless the new key works.</summary>
public sealed class SalesloftGuidedRotation
{
    private readonly SecretStores _stores;
    private readonly Uri _baseAddress;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="SalesloftGuidedRotation"/> class.</summary>
    /// <param name="stores">The secret stores.</param>
    /// <param name="baseAddress">Salesloft's API address.</param>
    /// <param name="time">The clock.</param>
    public SalesloftGuidedRotation(SecretStores stores, Uri baseAddress, TimeProvider? time = null)
    {
        _stores = stores ?? throw new ArgumentNullException(nameof(stores));
        _baseAddress = baseAddress ?? throw new ArgumentNullException(nameof(baseAddress));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Says what to create in Salesloft.</summary>
    /// <param name="secret">Where the key is stored.</param>
    /// <returns>The lines to show.</returns>
    public static IReadOnlyList<string> Instructions(SecretReference secret) =>
    [
        $"Salesloft keys cannot be created by API. To rotate the key at {secret}:",
        "  1. In Salesloft, open Settings > API (or your OAuth app) and create a new API key for the same integration,",
        "     for a user with the smallest role that still does the job.",
        "  2. Paste the new key below and press Enter (it is read from standard input, never from the command line).",
        "  keyward checks it with GET /v2/me, stores it as pending, then makes it current.",
    ];

    /// <summary>Verifies the new key, then stores and promotes it.</summary>
    /// <param name="secret">Where the key is stored (a writable store).</param>
    /// <param name="newKey">The key the person created.</param>
    /// <param name="audit">Receives the verification call and the rotation record.</param>
    /// <param name="actor">Who rotates.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The user the new key acts as.</returns>
    /// <exception cref="RotationException">The store is read-only, no key was given, it is the key already in use, or
    /// Salesloft rejects it; nothing was changed.</exception>
    public async Task<SalesloftUser> CompleteAsync(SecretReference secret, SecretValue newKey, IAuditSink audit, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(newKey);
        ArgumentNullException.ThrowIfNull(audit);
        var store = _stores.For(secret);
        if (store.IsReadOnly)
        {
            throw new RotationException($"{secret} is read-only; move the key to a writable store first (keyward secrets import-env)");
        }

        if (newKey.Reveal().Length == 0)
        {
            throw new RotationException("no key was entered; nothing was changed");
        }

        if (await CurrentAsync(store, secret, cancellationToken).ConfigureAwait(false) is { } current && current.Reveal() == newKey.Reveal())
        {
            throw new RotationException($"that is the key {secret} already holds; create a new one in Salesloft");
        }

        var user = await VerifyAsync(newKey, audit, actor, cancellationToken).ConfigureAwait(false);
        var version = await store.PutAsync(secret, newKey, SecretLabels.Pending, cancellationToken).ConfigureAwait(false);
        await store.PromoteAsync(secret, version, cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(
            new AuditRecord(_time.GetUtcNow(), actor, "rotation.salesloft", $"salesloft key at {secret}", true, null, new Dictionary<string, string> { ["user_id"] = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["version"] = version }),
            cancellationToken).ConfigureAwait(false);
        return user;
    }

    private static async Task<SecretValue?> CurrentAsync(ISecretStore store, SecretReference secret, CancellationToken cancellationToken)
    {
        try
        {
            return await store.GetAsync(secret, SecretLabels.Current, cancellationToken).ConfigureAwait(false);
        }
        catch (SecretNotFoundException)
        {
            return null;
        }
    }

    private async Task<SalesloftUser> VerifyAsync(SecretValue newKey, IAuditSink audit, string actor, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddSingleton(audit);
        services.AddSingleton(_time);
        services.AddSingleton<ISecretResolver>(new CandidateKeyResolver(newKey));
        services.AddSalesloft(o => (o.BaseAddress, o.ApiKey, o.Actor) = (_baseAddress, CandidateKeyResolver.Reference.Raw, actor));
        await using var provider = services.BuildServiceProvider();
        try
        {
            return await provider.GetRequiredService<SalesloftClient>().GetMeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SalesloftApiException e) when (e.IsTokenRejected)
        {
            throw new RotationException("Salesloft rejects the new key (401 on GET /v2/me); check you copied all of it. Nothing was changed.", e);
        }
    }
}
