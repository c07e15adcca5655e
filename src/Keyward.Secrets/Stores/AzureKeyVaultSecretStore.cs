using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Keyward.Core.Secrets;

namespace Keyward.Secrets.Stores;

/// <summary><c>azure-keyvault:VAULTURL/NAME</c>: a secret in Azure Key Vault, such as
/// <c>azure-keyvault:https://myvault.vault.azure.net/instantly-api-key</c>, through the Azure SDK.</summary>
/// <remarks>
/// <para>
/// Key Vault keeps every write as a version and has tags, but no transaction over two objects and no way to write
/// a version that is not the latest, so the labels map onto it like this:
/// <see cref="SecretLabels.Current"/> is the latest version of NAME, which is what every other Key Vault consumer
/// (App Service references, the CSI driver, <c>az keyvault secret show</c>) reads, so secrets written by other tools
/// work unchanged. <see cref="SecretLabels.Pending"/> is the latest version of a sibling secret
/// <c>NAME--keyward-pending</c>, which never becomes the latest of NAME by itself. Promoting reads that version and
/// writes it as a new version of NAME tagged <c>keyward-promoted-from=PENDINGVERSION</c>: that one write is the commit
/// point. Afterwards the sibling's version is tagged <c>keyward-state=promoted</c>, best effort: a pending version
/// also counts as promoted when any version of NAME carries its id in that tag, so a crash before the mark changes
/// nothing. <see cref="SecretLabels.Previous"/> is the enabled version of NAME before the latest.
/// </para>
/// <para>
/// Where the contract suite asked for more than that first design:
/// (1) a version's id, as <see cref="GetVersionsAsync"/> lists it and <see cref="PromoteAsync"/> takes it, is the id
/// <see cref="PutAsync"/> returned, so a promoted version is listed under its pending id (the contract expects the
/// promoted id back), not under the id of the copy in NAME;
/// (2) Key Vault's <c>created</c> has one-second resolution and its version list has no order, so "the version
/// before the latest" cannot come from timestamps alone when two writes share a second: every write of NAME is
/// tagged <c>keyward-replaces=VERSION</c> with the latest version it replaced, that chain orders the versions, and
/// created time orders the rest (versions written by other tools);
/// (3) the suite names secrets like <c>INSTANTLY_API_KEY</c> and expects that name in a not-found message, while Key
/// Vault allows only letters, digits and dashes: a <c>_</c> in NAME is stored as <c>-</c>, the mapping tools that
/// export Key Vault secrets as environment variables use (Key Vault names are case-insensitive too, so
/// <c>instantly_api_key</c> and <c>INSTANTLY-API-KEY</c> are one secret). Anything else is refused.
/// </para>
/// <para>
/// Credentials come from the <see cref="TokenCredential"/> given, by default a <see cref="DefaultAzureCredential"/>
/// (environment variables, workload or managed identity, then the Azure CLI's <c>az login</c>, and so on), created
/// on first use. Writing needs the role "Key Vault Secrets Officer" on the vault, reading "Key Vault Secrets User".
/// Only <c>https</c> vault URLs are accepted: the SDK sends bearer tokens over TLS only. Concurrent promotions of the
/// same version may both write (Key Vault has no conditional write); rotation promotes from one journal, and a
/// duplicate only repeats the same value. One <see cref="SecretClient"/> is kept per vault; the store is thread-safe.
/// Tested against a local HTTPS double of the documented secrets REST API, not a real vault.
/// </para>
/// </remarks>
public sealed class AzureKeyVaultSecretStore : ISecretStore
{
    /// <summary>The scheme this store handles.</summary>
    public const string Scheme = "azure-keyvault";

    /// <summary>The suffix of the sibling secret that holds a secret's pending version.</summary>
    public const string PendingSuffix = "--keyward-pending";

    /// <summary>The tag on a version of NAME that a promotion wrote: the pending version id it copied.</summary>
    public const string PromotedFromTag = "keyward-promoted-from";

    /// <summary>The tag on a version of NAME that Keyward wrote: the version that was latest before it.</summary>
    public const string ReplacesTag = "keyward-replaces";

    /// <summary>The tag on a pending sibling's version: <c>pending</c>, then <c>promoted</c>.</summary>
    public const string StateTag = "keyward-state";

    private const int MaxNameLength = 127;
    private const string Example = "azure-keyvault:https://myvault.vault.azure.net/instantly-api-key";

    private readonly Lazy<TokenCredential> _credential;
    private readonly SecretClientOptions? _options;
    private readonly ConcurrentDictionary<Uri, SecretClient> _clients = new();

    /// <summary>Initializes a new instance of the <see cref="AzureKeyVaultSecretStore"/> class.</summary>
    /// <param name="credential">Gets tokens for Key Vault; default a <see cref="DefaultAzureCredential"/>, created on first use.</param>
    /// <param name="options">The SDK's options (transport, retries, challenge resource verification); default the SDK's.</param>
    public AzureKeyVaultSecretStore(TokenCredential? credential = null, SecretClientOptions? options = null)
    {
        // Lazy, so that building the default store set never touches Azure configuration unless a vault is used.
        _credential = credential is null ? new(() => new DefaultAzureCredential()) : new(credential);
        _options = options;
    }

    /// <inheritdoc/>
    public event EventHandler<SecretReference>? Changed;

    /// <inheritdoc/>
    public bool IsReadOnly => false;

    /// <inheritdoc/>
    public bool CanResolve(SecretReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return reference.Scheme == Scheme;
    }

    /// <inheritdoc/>
    public ValueTask<SecretValue> ResolveAsync(SecretReference reference, CancellationToken cancellationToken = default) =>
        GetAsync(reference, SecretLabels.Current, cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="SecretStoreException">The reference is malformed, or Key Vault refused the request.</exception>
    public async ValueTask<SecretValue> GetAsync(SecretReference reference, string label, CancellationToken cancellationToken = default)
    {
        var target = Locate(reference);
        var secret = label switch
        {
            SecretLabels.Current => await GetOrNullAsync(target, target.Name, null, cancellationToken).ConfigureAwait(false)
                ?? throw new SecretNotFoundException($"{reference}: Key Vault {target.Vault} has no enabled secret '{target.Name}'"),
            SecretLabels.Pending => await PendingOrNullAsync(target, await ListVersionsAsync(target, target.Name, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false),
            SecretLabels.Previous => (await LabelledAsync(target, cancellationToken).ConfigureAwait(false)).Previous is { } previous
                ? await GetOrNullAsync(target, target.Name, previous.Version, cancellationToken).ConfigureAwait(false)
                : null,
            _ => null,
        };
        return secret is { Value: { } value }
            ? new SecretValue(value)
            : throw new SecretNotFoundException($"{reference} has no version labelled '{label}'");
    }

    /// <inheritdoc/>
    /// <remarks>Disabled versions are left out; a promoted version is listed under the pending id it had.</remarks>
    public async ValueTask<IReadOnlyList<SecretVersionInfo>> GetVersionsAsync(SecretReference reference, CancellationToken cancellationToken = default)
    {
        var target = Locate(reference);
        var (versions, current, previous) = await LabelledAsync(target, cancellationToken).ConfigureAwait(false);
        var listed = versions
            .Select(v => new SecretVersionInfo(
                ListedId(v),
                v.CreatedOn ?? DateTimeOffset.MinValue,
                v == current ? [SecretLabels.Current] : v == previous ? [SecretLabels.Previous] : []))
            .DistinctBy(v => v.VersionId, StringComparer.Ordinal)
            .ToList();

        if (await PendingOrNullAsync(target, versions, cancellationToken).ConfigureAwait(false) is { } pending)
        {
            var created = pending.Properties.CreatedOn ?? DateTimeOffset.MinValue;
            var at = listed.FindIndex(v => v.Created <= created);
            listed.Insert(at < 0 ? listed.Count : at, new SecretVersionInfo(pending.Properties.Version, created, [SecretLabels.Pending]));
        }

        return listed;
    }

    /// <inheritdoc/>
    /// <exception cref="SecretStoreException">The reference is malformed, the name is too long for a pending sibling, or Key Vault refused the write.</exception>
    public async ValueTask<string> PutAsync(SecretReference reference, SecretValue value, string label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        SecretLabels.EnsureForNewVersion(label);

        var target = Locate(reference);
        KeyVaultSecret secret;
        if (label == SecretLabels.Current)
        {
            var latest = await GetOrNullAsync(target, target.Name, null, cancellationToken).ConfigureAwait(false);
            secret = NewVersionOfName(target, value.Reveal(), latest, null);
        }
        else
        {
            var pendingName = target.PendingName
                ?? throw new SecretStoreException($"{reference}: a name longer than {MaxNameLength - PendingSuffix.Length} characters cannot have a pending version (its sibling NAME{PendingSuffix} would exceed Key Vault's {MaxNameLength})");
            secret = new KeyVaultSecret(pendingName, value.Reveal());
            secret.Properties.Tags[StateTag] = SecretLabels.Pending;
        }

        var written = await CallAsync(target, $"write '{secret.Name}'", (client, token) => client.SetSecretAsync(secret, token), cancellationToken).ConfigureAwait(false);
        Changed?.Invoke(this, reference);
        return written.Value.Properties.Version;
    }

    /// <inheritdoc/>
    /// <remarks>The commit point is one write: the pending value as a new latest version of NAME, tagged with the
    /// pending id. Repeating it finds that tag on the latest version and only finishes marking the sibling.</remarks>
    public async ValueTask PromoteAsync(SecretReference reference, string versionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(versionId);
        var target = Locate(reference);
        var latest = await GetOrNullAsync(target, target.Name, null, cancellationToken).ConfigureAwait(false);
        if (latest is not null && Tag(latest.Properties, PromotedFromTag) == versionId)
        {
            await MarkPromotedAsync(target, versionId, cancellationToken).ConfigureAwait(false); // a crash may have skipped it
            return;
        }

        var versions = await ListVersionsAsync(target, target.Name, cancellationToken).ConfigureAwait(false);
        var pending = await PendingOrNullAsync(target, versions, cancellationToken).ConfigureAwait(false);
        if (pending is null || pending.Properties.Version != versionId)
        {
            var shown = IsVersionId(versionId) ? versionId : "(not a Key Vault version id)";
            throw new SecretStoreException($"version {shown} of {reference} is not pending; only the pending version can be promoted");
        }

        var promoted = NewVersionOfName(target, pending.Value, latest, pending.Properties.ContentType);
        promoted.Properties.Tags[PromotedFromTag] = versionId;
        await CallAsync(target, $"write '{target.Name}'", (client, token) => client.SetSecretAsync(promoted, token), cancellationToken).ConfigureAwait(false);
        await MarkPromotedAsync(target, versionId, cancellationToken).ConfigureAwait(false);
        Changed?.Invoke(this, reference);
    }

    /// <inheritdoc/>
    /// <param name="location">The vault URL, such as <c>https://myvault.vault.azure.net</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <remarks>Pending siblings (<c>NAME--keyward-pending</c>) are left out.</remarks>
    public async ValueTask<IReadOnlyList<string>> ListAsync(string? location = null, CancellationToken cancellationToken = default)
    {
        var vault = ParseVault(location ?? throw new SecretStoreException($"listing {Scheme}: secrets needs the vault URL, such as https://myvault.vault.azure.net"), location);
        var target = new Target(null, Client(vault), vault, string.Empty);
        return await CallAsync(
            target,
            "list its secrets",
            async (client, token) =>
            {
                var names = new List<string>();
                await foreach (var properties in client.GetPropertiesOfSecretsAsync(token).ConfigureAwait(false))
                {
                    if (!properties.Name.EndsWith(PendingSuffix, StringComparison.OrdinalIgnoreCase))
                    {
                        names.Add(properties.Name);
                    }
                }

                return names;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static string? Tag(SecretProperties properties, string name) =>
        properties.Tags.TryGetValue(name, out var value) ? value : null;

    private static string ListedId(SecretProperties version) => Tag(version, PromotedFromTag) ?? version.Version;

    private static bool IsVersionId(string? versionId) =>
        versionId is { Length: > 0 and <= 64 } && versionId.All(char.IsAsciiLetterOrDigit);

    private static KeyVaultSecret NewVersionOfName(Target target, string value, KeyVaultSecret? latest, string? contentType)
    {
        var secret = new KeyVaultSecret(target.Name, value);
        secret.Properties.ContentType = contentType ?? latest?.Properties.ContentType;
        if (latest is not null)
        {
            // Keep the tags other tools put on the secret; Key Vault starts every version with none.
            foreach (var (name, tag) in latest.Properties.Tags.Where(t => !t.Key.StartsWith("keyward-", StringComparison.Ordinal)))
            {
                secret.Properties.Tags[name] = tag;
            }

            secret.Properties.Tags[ReplacesTag] = latest.Properties.Version;
        }

        return secret;
    }

    /// <summary>Orders NAME's versions newest first: the latest, then back along the <see cref="ReplacesTag"/>
    /// chain, then by created time; keeps the enabled ones and says which are current and previous.</summary>
    private static async Task<(List<SecretProperties> Versions, SecretProperties? Current, SecretProperties? Previous)> LabelledAsync(Target target, CancellationToken cancellationToken)
    {
        var latest = await GetOrNullAsync(target, target.Name, null, cancellationToken).ConfigureAwait(false);
        var all = await ListVersionsAsync(target, target.Name, cancellationToken).ConfigureAwait(false);
        var byId = all.ToDictionary(v => v.Version, StringComparer.Ordinal);
        var rest = all.OrderByDescending(v => v.CreatedOn).ToList();
        var ordered = new List<SecretProperties>(all.Count);
        var next = latest?.Properties.Version;
        while (rest.Count > 0)
        {
            var version = next is not null && byId.TryGetValue(next, out var linked) && rest.Contains(linked) ? linked : rest[0];
            ordered.Add(version);
            rest.Remove(version);
            next = Tag(version, ReplacesTag);
        }

        var enabled = ordered.Where(v => v.Enabled == true).ToList();
        var current = latest is null ? null : enabled.FirstOrDefault(v => v.Version == latest.Properties.Version);
        var previous = current is null ? null : enabled.SkipWhile(v => v != current).Skip(1).FirstOrDefault();
        return (enabled, current, previous);
    }

    /// <summary>The sibling's latest version, unless it is disabled, marked promoted, or named by a
    /// <see cref="PromotedFromTag"/> on any version of NAME (a promotion whose mark did not land).</summary>
    private static async Task<KeyVaultSecret?> PendingOrNullAsync(Target target, IReadOnlyList<SecretProperties> versionsOfName, CancellationToken cancellationToken)
    {
        if (target.PendingName is not { } pendingName
            || await GetOrNullAsync(target, pendingName, null, cancellationToken).ConfigureAwait(false) is not { } pending)
        {
            return null;
        }

        var promoted = Tag(pending.Properties, StateTag) == "promoted"
            || versionsOfName.Any(v => Tag(v, PromotedFromTag) == pending.Properties.Version);
        return promoted ? null : pending;
    }

    /// <summary>Tags the sibling's version as promoted so other readers see it is spent; best effort, since
    /// <see cref="PendingOrNullAsync"/> does not depend on it.</summary>
    private static async Task MarkPromotedAsync(Target target, string versionId, CancellationToken cancellationToken)
    {
        if (target.PendingName is not { } pendingName)
        {
            return;
        }

        try
        {
            var versions = await target.Client.GetPropertiesOfSecretVersionsAsync(pendingName, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (versions.FirstOrDefault(v => v.Version == versionId) is { } sibling && Tag(sibling, StateTag) != "promoted")
            {
                sibling.Tags[StateTag] = "promoted";
                await target.Client.UpdateSecretPropertiesAsync(sibling, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException)
        {
            // The promotion is already committed; the pending sibling reads as promoted through the tag on NAME.
        }
    }

    private static async Task<IReadOnlyList<SecretProperties>> ListVersionsAsync(Target target, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await target.Client.GetPropertiesOfSecretVersionsAsync(name, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException)
        {
            throw Translate(e, target, $"list the versions of '{name}'");
        }
    }

    /// <summary>Reads a version (the latest when <paramref name="version"/> is null); null when it does not exist
    /// or is disabled (Key Vault answers 403 <c>SecretDisabled</c> to reading a disabled version).</summary>
    private static async Task<KeyVaultSecret?> GetOrNullAsync(Target target, string name, string? version, CancellationToken cancellationToken)
    {
        try
        {
            return (await target.Client.GetSecretAsync(name, version, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404 || IsDisabled(e))
        {
            return null;
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException)
        {
            throw Translate(e, target, $"read '{name}'");
        }
    }

    private static async Task<T> CallAsync<T>(Target target, string action, Func<SecretClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(target.Client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException)
        {
            throw Translate(e, target, action);
        }
    }

    /// <summary>Turns an SDK failure into a message that says what to do; Key Vault's errors never echo a value.</summary>
    private static Exception Translate(Exception error, Target target, string action)
    {
        const string Fix = "sign in (az login, AZURE_CLIENT_ID with AZURE_TENANT_ID and AZURE_CLIENT_SECRET, or a managed identity) and give that identity the role \"Key Vault Secrets Officer\" on the vault (\"Key Vault Secrets User\" is enough to read)";
        return error switch
        {
            RequestFailedException { Status: 404 } e => new SecretNotFoundException($"{target.Reference?.ToString() ?? Scheme + ":" + target.Vault}: Key Vault {target.Vault} found nothing to {action}", e),
            RequestFailedException { Status: 401 or 403 } e => new SecretStoreException($"Azure Key Vault {target.Vault} refused to {action} ({e.Status} {e.ErrorCode}): {Fix}", e),
            RequestFailedException e => new SecretStoreException($"Azure Key Vault {target.Vault} answered {e.Status} ({e.ErrorCode}) when asked to {action}", e),
            _ => new SecretStoreException($"could not get a token for Azure Key Vault {target.Vault} to {action}: {Fix}", error),
        };
    }

    private static bool IsDisabled(RequestFailedException error)
    {
        if (error.Status != 403 || error.GetRawResponse() is not { } response)
        {
            return false;
        }

        try
        {
            using var body = JsonDocument.Parse(response.Content.ToMemory());
            return body.RootElement.TryGetProperty("error", out var detail)
                && detail.TryGetProperty("innererror", out var inner)
                && inner.TryGetProperty("code", out var code)
                && code.ValueEquals("SecretDisabled");
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Uri ParseVault(string text, string shown)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new SecretStoreException($"'{shown}' is not a vault URL; expected {Scheme}:VAULTURL/NAME, for example {Example}");
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new SecretStoreException($"'{shown}': the vault URL must be https:// (Key Vault takes bearer tokens only over TLS), for example {Example}");
        }

        return uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0
            ? throw new SecretStoreException($"'{shown}': the vault URL is only scheme and host, with no path, query or user, for example {Example}")
            : new Uri(uri.GetLeftPart(UriPartial.Authority));
    }

    private Target Locate(SecretReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var slash = reference.Location.LastIndexOf('/');
        if (reference.Scheme != Scheme || slash <= 0)
        {
            throw new SecretStoreException($"'{reference}' must be {Scheme}:VAULTURL/NAME, for example {Example}");
        }

        var vault = ParseVault(reference.Location[..slash], reference.ToString());
        var name = reference.Location[(slash + 1)..];
        if (name.Length is 0 or > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new SecretStoreException($"'{reference}': NAME must be 1 to {MaxNameLength} letters, digits and dashes (Key Vault's rule; '_' is stored as '-'), for example {Example}");
        }

        name = name.Replace('_', '-');
        return name.EndsWith(PendingSuffix, StringComparison.OrdinalIgnoreCase)
            ? throw new SecretStoreException($"'{reference}': names ending in {PendingSuffix} are where pending versions live; name the secret itself and use the pending label")
            : new Target(reference, Client(vault), vault, name);
    }

    private SecretClient Client(Uri vault) =>
        _clients.GetOrAdd(vault, v => _options is null ? new SecretClient(v, _credential.Value) : new SecretClient(v, _credential.Value, _options));

    /// <summary>One secret in one vault, with the client for that vault.</summary>
    private sealed record Target(SecretReference? Reference, SecretClient Client, Uri Vault, string Name)
    {
        /// <summary>Gets the sibling that holds the pending version, or null when the name leaves no room for the suffix.</summary>
        public string? PendingName => Name.Length + PendingSuffix.Length <= MaxNameLength ? Name + PendingSuffix : null;
    }
}
