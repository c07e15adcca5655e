using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Keyward.Core.IO;
using Keyward.Core.Secrets;

namespace Keyward.Secrets.Stores;

/// <summary>The embedded default store, <c>vault-file:PATH#NAME</c>: one AES-256-GCM encrypted file holding every
/// secret's versions and labels, rewritten atomically (temp file, fsync, rename; mode 0600) under a lock file, so
/// writers in several processes never lose an update.</summary>
/// <remarks>
/// The file is <c>KWV1</c>, a 12-byte nonce, a 16-byte tag and the ciphertext of a JSON document; the magic is
/// authenticated too. A wrong master key or any change to the file fails authentication and reads as a clear error,
/// never as garbage. Values are read from the file at every call, so another process's rotation is seen at once.
/// </remarks>
public sealed class VaultFileSecretStore : ISecretStore
{
    /// <summary>The scheme this store handles.</summary>
    public const string Scheme = "vault-file";

    /// <summary>The vault file used when a command names none.</summary>
    public const string DefaultFile = ".keyward/secrets.kwv";

    private const int KeptUnlabeledVersions = 3;

    private static readonly byte[] Magic = "KWV1"u8.ToArray();

    private readonly string? _masterKeyFile;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="VaultFileSecretStore"/> class.</summary>
    /// <param name="masterKeyFile">The key file when <c>KEYWARD_MASTER_KEY</c> is not set; default <c>~/.keyward/master.key</c>.</param>
    /// <param name="time">The clock for version dates.</param>
    public VaultFileSecretStore(string? masterKeyFile = null, TimeProvider? time = null)
    {
        _masterKeyFile = masterKeyFile;
        _time = time ?? TimeProvider.System;
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
    public ValueTask<SecretValue> GetAsync(SecretReference reference, string label, CancellationToken cancellationToken = default)
    {
        var (path, name) = Locate(reference);
        var version = Versions(Read(path), name).FirstOrDefault(v => Labels(v).Contains(label))
            ?? throw new SecretNotFoundException($"{reference} has no version labelled '{label}'");
        return ValueTask.FromResult(new SecretValue((string)version["value"]!));
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<SecretVersionInfo>> GetVersionsAsync(SecretReference reference, CancellationToken cancellationToken = default)
    {
        var (path, name) = Locate(reference);
        IReadOnlyList<SecretVersionInfo> versions = [.. Versions(Read(path), name).Select(Info).Reverse()];
        return ValueTask.FromResult(versions);
    }

    /// <inheritdoc/>
    public ValueTask<string> PutAsync(SecretReference reference, SecretValue value, string label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        SecretLabels.EnsureForNewVersion(label);

        var (path, name) = Locate(reference);
        var id = Guid.CreateVersion7(_time.GetUtcNow()).ToString("N");
        Update(path, document =>
        {
            var versions = VersionArray(document, name);
            var existing = versions.OfType<JsonObject>().ToList();
            if (label == SecretLabels.Current)
            {
                // A plain replacement keeps the old value as previous, for a rollback.
                existing.ForEach(v => RemoveLabel(v, SecretLabels.Previous));
                foreach (var old in existing.Where(v => Labels(v).Contains(SecretLabels.Current)))
                {
                    RemoveLabel(old, SecretLabels.Current);
                    AddLabel(old, SecretLabels.Previous);
                }
            }
            else
            {
                existing.ForEach(v => RemoveLabel(v, SecretLabels.Pending));
            }

            // Typed as JsonNode to call JsonArray.Add(JsonNode?): the generic Add<T> is not trim- or AOT-safe.
            versions.Add((JsonNode)new JsonObject
            {
                ["id"] = id,
                ["created"] = _time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["value"] = value.Reveal(),
                ["labels"] = new JsonArray(label),
            });
            Prune(versions);
        });
        Changed?.Invoke(this, reference);
        return ValueTask.FromResult(id);
    }

    /// <inheritdoc/>
    public ValueTask PromoteAsync(SecretReference reference, string versionId, CancellationToken cancellationToken = default)
    {
        var (path, name) = Locate(reference);
        var changed = false;
        Update(path, document =>
        {
            var versions = VersionArray(document, name).OfType<JsonObject>().ToList();
            var target = versions.FirstOrDefault(v => (string?)v["id"] == versionId)
                ?? throw new SecretStoreException($"{reference} has no version {versionId}");
            if (Labels(target).Contains(SecretLabels.Current))
            {
                return; // already promoted: a repeated promotion after a crash changes nothing
            }

            if (!Labels(target).Contains(SecretLabels.Pending))
            {
                throw new SecretStoreException($"version {versionId} of {reference} is not pending; only the pending version can be promoted");
            }

            foreach (var version in versions)
            {
                RemoveLabel(version, SecretLabels.Previous);
            }

            foreach (var version in versions.Where(v => Labels(v).Contains(SecretLabels.Current)))
            {
                RemoveLabel(version, SecretLabels.Current);
                AddLabel(version, SecretLabels.Previous);
            }

            RemoveLabel(target, SecretLabels.Pending);
            AddLabel(target, SecretLabels.Current);
            changed = true;
        });
        if (changed)
        {
            Changed?.Invoke(this, reference);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<string>> ListAsync(string? location = null, CancellationToken cancellationToken = default)
    {
        var path = Path.GetFullPath(location ?? DefaultFile);
        IReadOnlyList<string> names = File.Exists(path) ? [.. (Read(path)["secrets"] as JsonObject ?? []).Select(p => p.Key).Order(StringComparer.Ordinal)] : [];
        return ValueTask.FromResult(names);
    }

    private static (string Path, string Name) Locate(SecretReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Scheme != Scheme)
        {
            throw new ArgumentException($"{reference} is not a {Scheme}: reference", nameof(reference));
        }

        var hash = reference.Location.LastIndexOf('#');
        return hash <= 0 || hash == reference.Location.Length - 1
            ? throw new SecretStoreException($"'{reference}' must be vault-file:PATH#NAME, for example vault-file:{DefaultFile}#instantly/prod")
            : (Path.GetFullPath(reference.Location[..hash]), reference.Location[(hash + 1)..]);
    }

    private static IEnumerable<JsonObject> Versions(JsonObject document, string name) =>
        (document["secrets"]?[name]?["versions"] as JsonArray ?? []).OfType<JsonObject>();

    private static JsonArray VersionArray(JsonObject document, string name)
    {
        var secrets = document["secrets"] as JsonObject ?? (JsonObject)(document["secrets"] = new JsonObject());
        var secret = secrets[name] as JsonObject ?? (JsonObject)(secrets[name] = new JsonObject());
        return secret["versions"] as JsonArray ?? (JsonArray)(secret["versions"] = new JsonArray());
    }

    private static List<string> Labels(JsonObject version) =>
        [.. (version["labels"] as JsonArray ?? []).Select(l => (string?)l).OfType<string>()];

    private static void AddLabel(JsonObject version, string label)
    {
        if (!Labels(version).Contains(label))
        {
            // Typed as JsonNode to call JsonArray.Add(JsonNode?): the generic Add<T> is not trim- or AOT-safe.
            (version["labels"] as JsonArray ?? (JsonArray)(version["labels"] = new JsonArray())).Add((JsonNode?)JsonValue.Create(label));
        }
    }

    private static void RemoveLabel(JsonObject version, string label) =>
        version["labels"] = new JsonArray([.. Labels(version).Where(l => l != label).Select(l => (JsonNode)l)]);

    private static SecretVersionInfo Info(JsonObject version) =>
        new((string)version["id"]!, DateTimeOffset.Parse((string)version["created"]!, System.Globalization.CultureInfo.InvariantCulture), Labels(version));

    /// <summary>Keeps every labelled version and the newest few unlabelled ones.</summary>
    private static void Prune(JsonArray versions)
    {
        var unlabeled = versions.OfType<JsonObject>().Where(v => Labels(v).Count == 0).ToList();
        foreach (var old in unlabeled.Take(Math.Max(0, unlabeled.Count - KeptUnlabeledVersions)))
        {
            versions.Remove(old);
        }
    }

    private JsonObject Read(string path) => Read(path, MasterKey.Load(_masterKeyFile));

    private static JsonObject Read(string path, byte[] masterKey)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var sealedBytes = File.ReadAllBytes(path);
        if (sealedBytes.Length < Magic.Length + SecretSeal.Overhead || !sealedBytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new SecretStoreException($"'{path}' is not a keyward vault file");
        }

        var plain = SecretSeal.Open(masterKey, sealedBytes.AsSpan(Magic.Length), Magic, $"'{path}'");
        try
        {
            return JsonNode.Parse(plain) as JsonObject ?? throw new SecretStoreException($"'{path}' holds no vault document");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private void Update(string path, Action<JsonObject> change)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writeLock = FileLock.Acquire(path + ".lock", _time);
        var masterKey = MasterKey.Load(_masterKeyFile);
        var document = Read(path, masterKey);
        change(document);
        var plain = Encoding.UTF8.GetBytes(document.ToJsonString());
        var sealedBytes = SecretSeal.Seal(masterKey, plain, Magic, prefix: Magic.Length);
        Magic.CopyTo(sealedBytes, 0);
        CryptographicOperations.ZeroMemory(plain);
        PrivateFile.WriteAtomically(path, sealedBytes);
    }
}
