using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Keyward.Core.Secrets;

namespace Keyward.Secrets.Stores;

/// <summary><c>hashicorp-vault:MOUNT/PATH#FIELD</c>: a field of a HashiCorp Vault KV version 2 secret, over Vault's
/// HTTP API (<c>VAULT_ADDR</c>, default <c>http://127.0.0.1:8200</c>; token from <c>VAULT_TOKEN</c>).</summary>
/// <remarks>
/// Every write is a new KV version of the whole path (other fields are carried over, with check-and-set so a
/// concurrent writer is not overwritten). The staging labels live in the path's <c>custom_metadata</c> as
/// <c>keyward.FIELD.current</c> = version number, and so on; a path without labels reads its latest version as
/// current, so secrets written by other tools work as they are. A label move is one metadata write. Tested against a
/// local double of the documented endpoints (<c>/v1/MOUNT/data/PATH</c>, <c>/v1/MOUNT/metadata/PATH</c>).
/// </remarks>
public sealed class HashiCorpVaultSecretStore : ISecretStore, IDisposable
{
    /// <summary>The scheme this store handles.</summary>
    public const string Scheme = "hashicorp-vault";

    private readonly HttpMessageInvoker _http;
    private readonly Uri _address;
    private readonly Func<string?> _token;

    /// <summary>Initializes a new instance of the <see cref="HashiCorpVaultSecretStore"/> class.</summary>
    /// <param name="address">Vault's address; default <c>VAULT_ADDR</c>, else <c>http://127.0.0.1:8200</c>.</param>
    /// <param name="token">Reads the token; default <c>VAULT_TOKEN</c>, read at every call.</param>
    /// <param name="handler">The HTTP handler; default a new <see cref="SocketsHttpHandler"/>.</param>
    public HashiCorpVaultSecretStore(Uri? address = null, Func<string?>? token = null, HttpMessageHandler? handler = null)
    {
        _address = address ?? new Uri(Environment.GetEnvironmentVariable("VAULT_ADDR") is { Length: > 0 } a ? a : "http://127.0.0.1:8200");
        _token = token ?? (() => Environment.GetEnvironmentVariable("VAULT_TOKEN"));
        _http = new HttpMessageInvoker(handler ?? new SocketsHttpHandler(), disposeHandler: handler is null);
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
    public async ValueTask<SecretValue> GetAsync(SecretReference reference, string label, CancellationToken cancellationToken = default)
    {
        var location = Locate(reference);
        var metadata = await MetadataAsync(location, cancellationToken).ConfigureAwait(false);
        var version = LabelVersion(metadata, location.Field, label)
            ?? (label == SecretLabels.Current && metadata is not null && !HasLabels(metadata, location.Field) ? (int?)metadata["current_version"] : null)
            ?? throw new SecretNotFoundException($"{reference} has no version labelled '{label}'");
        var data = await SendAsync(HttpMethod.Get, $"v1/{location.Mount}/data/{location.Path}?version={version}", null, cancellationToken).ConfigureAwait(false)
            ?? throw new SecretNotFoundException($"{reference} has no version {version}");
        return data["data"]?["data"]?[location.Field] is JsonValue value && value.TryGetValue<string>(out var text)
            ? new SecretValue(text)
            : throw new SecretNotFoundException($"{reference}: version {version} has no field '{location.Field}'");
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<SecretVersionInfo>> GetVersionsAsync(SecretReference reference, CancellationToken cancellationToken = default)
    {
        var location = Locate(reference);
        var metadata = await MetadataAsync(location, cancellationToken).ConfigureAwait(false);
        if (metadata?["versions"] is not JsonObject versions)
        {
            return [];
        }

        return [.. versions
            .Select(v => (Number: int.Parse(v.Key, CultureInfo.InvariantCulture), Created: DateTimeOffset.Parse((string)v.Value!["created_time"]!, CultureInfo.InvariantCulture)))
            .OrderByDescending(v => v.Number)
            .Select(v => new SecretVersionInfo(
                v.Number.ToString(CultureInfo.InvariantCulture),
                v.Created,
                [.. SecretLabels.All.Where(l => LabelVersion(metadata, location.Field, l) == v.Number)]))];
    }

    /// <inheritdoc/>
    public async ValueTask<string> PutAsync(SecretReference reference, SecretValue value, string label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        SecretLabels.EnsureForNewVersion(label);

        var location = Locate(reference);
        for (var attempt = 0; ; attempt++)
        {
            var metadata = await MetadataAsync(location, cancellationToken).ConfigureAwait(false);
            var latest = (int?)metadata?["current_version"] ?? 0;
            var data = latest == 0 ? [] : (await SendAsync(HttpMethod.Get, $"v1/{location.Mount}/data/{location.Path}?version={latest}", null, cancellationToken).ConfigureAwait(false))?["data"]?["data"]?.DeepClone() as JsonObject ?? [];
            data[location.Field] = value.Reveal();
            var written = await SendAsync(HttpMethod.Post, $"v1/{location.Mount}/data/{location.Path}", new JsonObject { ["options"] = new JsonObject { ["cas"] = latest }, ["data"] = data }, cancellationToken, allowCasConflict: true).ConfigureAwait(false);
            if (written is null)
            {
                if (attempt < 5)
                {
                    continue; // another writer got there first: read again and retry
                }

                throw new SecretStoreException($"{reference}: Vault kept refusing the write (check-and-set conflicts)");
            }

            var version = (int)written["data"]!["version"]!;
            var labels = Labels(metadata, location.Field);
            if (label == SecretLabels.Current)
            {
                labels[SecretLabels.Previous] = LabelVersion(metadata, location.Field, SecretLabels.Current) ?? (latest > 0 && !HasLabels(metadata, location.Field) ? latest : null);
            }

            labels[label] = version;
            await WriteLabelsAsync(location, metadata, labels, cancellationToken).ConfigureAwait(false);
            Changed?.Invoke(this, reference);
            return version.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <inheritdoc/>
    public async ValueTask PromoteAsync(SecretReference reference, string versionId, CancellationToken cancellationToken = default)
    {
        var location = Locate(reference);
        var metadata = await MetadataAsync(location, cancellationToken).ConfigureAwait(false);
        var version = int.TryParse(versionId, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1;
        if (LabelVersion(metadata, location.Field, SecretLabels.Current) == version)
        {
            return; // already promoted
        }

        if (LabelVersion(metadata, location.Field, SecretLabels.Pending) != version)
        {
            throw new SecretStoreException($"version {versionId} of {reference} is not pending; only the pending version can be promoted");
        }

        var labels = Labels(metadata, location.Field);
        labels[SecretLabels.Previous] = labels.GetValueOrDefault(SecretLabels.Current);
        labels[SecretLabels.Current] = version;
        labels[SecretLabels.Pending] = null;
        await WriteLabelsAsync(location, metadata, labels, cancellationToken).ConfigureAwait(false);
        Changed?.Invoke(this, reference);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<string>> ListAsync(string? location = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        var slash = location.IndexOf('/', StringComparison.Ordinal);
        var (mount, path) = slash < 0 ? (location, string.Empty) : (location[..slash], location[(slash + 1)..]);
        var listed = await SendAsync(new HttpMethod("LIST"), $"v1/{mount}/metadata/{path}", null, cancellationToken).ConfigureAwait(false);
        return [.. (listed?["data"]?["keys"] as JsonArray ?? []).Select(k => (string?)k).OfType<string>()];
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private static (string Mount, string Path, string Field) Locate(SecretReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var hash = reference.Location.LastIndexOf('#');
        var slash = reference.Location.IndexOf('/', StringComparison.Ordinal);
        return reference.Scheme != Scheme || hash <= 0 || hash == reference.Location.Length - 1 || slash <= 0 || slash >= hash - 1
            ? throw new SecretStoreException($"'{reference}' must be hashicorp-vault:MOUNT/PATH#FIELD, for example hashicorp-vault:secret/instantly/prod#api_key")
            : (reference.Location[..slash], reference.Location[(slash + 1)..hash], reference.Location[(hash + 1)..]);
    }

    private static string LabelKey(string field, string label) => $"keyward.{field}.{label}";

    private static bool HasLabels(JsonObject? metadata, string field) =>
        SecretLabels.All.Any(l => LabelVersion(metadata, field, l) is not null);

    private static int? LabelVersion(JsonObject? metadata, string field, string label) =>
        metadata?["custom_metadata"]?[LabelKey(field, label)] is JsonValue value && value.TryGetValue<string>(out var text)
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;

    private static Dictionary<string, int?> Labels(JsonObject? metadata, string field) =>
        SecretLabels.All.ToDictionary(l => l, l => LabelVersion(metadata, field, l), StringComparer.Ordinal);

    private async Task WriteLabelsAsync((string Mount, string Path, string Field) location, JsonObject? metadata, Dictionary<string, int?> labels, CancellationToken cancellationToken)
    {
        var custom = metadata?["custom_metadata"]?.DeepClone() as JsonObject ?? [];
        foreach (var (label, version) in labels)
        {
            custom[LabelKey(location.Field, label)] = version?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
        }

        await SendAsync(HttpMethod.Post, $"v1/{location.Mount}/metadata/{location.Path}", new JsonObject { ["custom_metadata"] = custom }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonObject?> MetadataAsync((string Mount, string Path, string Field) location, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, $"v1/{location.Mount}/metadata/{location.Path}", null, cancellationToken).ConfigureAwait(false))?["data"] as JsonObject;

    /// <summary>Calls Vault; returns null for a 404 (or a check-and-set conflict when allowed).</summary>
    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken, bool allowCasConflict = false)
    {
        var token = _token() ?? throw new SecretStoreException("VAULT_TOKEN is not set: Vault needs a token to read or write secrets");
        using var request = new HttpRequestMessage(method, new Uri(_address, path));
        request.Headers.Add("X-Vault-Token", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound || (allowCasConflict && response.StatusCode == HttpStatusCode.BadRequest && text.Contains("check-and-set", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new SecretStoreException(response.StatusCode == HttpStatusCode.Forbidden
                ? $"Vault refused {method} /{path} (403): the token lacks a policy for this path, or it expired"
                : $"Vault answered {(int)response.StatusCode} to {method} /{path}");
        }

        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}
