using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keyward.Core.IO;
using Keyward.Core.Scopes;

namespace Keyward.Sandbox.State;

/// <summary>The one emulated workspace: its settings and every resource collection, saved to a JSON file after each
/// change when the sandbox has a state file.</summary>
/// <remarks>Every read and write happens inside <see cref="Lock"/>; the sandbox is a test double, so one lock for
/// the whole workspace is simple and fast enough (thousands of requests per second).</remarks>
internal sealed class SandboxState
{
    /// <summary>Resources with their own collection; accounts are identified by email, the rest by id.</summary>
    public static readonly IReadOnlyList<string> CollectionNames =
    [
        "api-keys", "campaigns", "leads", "lead-lists", "accounts", "webhooks", "webhook-events", "audit-logs",
        "workspace-members", "block-lists-entries", "salesloft-webhook-subscriptions",
    ];

    private readonly Dictionary<string, ResourceCollection> _collections;
    private readonly Dictionary<string, JsonObject> _keysByValue = new(StringComparer.Ordinal);
    private readonly string? _path;

    private SandboxState(JsonObject workspace, Dictionary<string, ResourceCollection> collections, string adminKey, JsonObject salesloft, string? path)
    {
        Workspace = workspace;
        _collections = collections;
        AdminKey = adminKey;
        Salesloft = salesloft;
        _path = path;
        foreach (var key in collections["api-keys"].Items)
        {
            _keysByValue[(string)key["key"]!] = key;
        }
    }

    public Lock Lock { get; } = new();

    public JsonObject Workspace { get; }

    public string WorkspaceId => (string)Workspace["id"]!;

    /// <summary>Gets the <c>all:all</c> key printed at start.</summary>
    public string AdminKey { get; }

    /// <summary>Gets the Salesloft side: <c>user</c> (what <c>GET /v2/me</c> returns) and <c>api_key</c>.</summary>
    public JsonObject Salesloft { get; }

    /// <summary>Gets the Salesloft API key printed at start.</summary>
    public string SalesloftKey => (string)Salesloft["api_key"]!;

    public ResourceCollection this[string name] => _collections[name];

    /// <summary>Loads the state file, or creates a seeded workspace (and writes it when there is a state file).</summary>
    /// <exception cref="InvalidDataException">The state file is not a sandbox state.</exception>
    public static SandboxState LoadOrCreate(string? path, SandboxSeed seed, TimeProvider time)
    {
        if (path is not null && File.Exists(path))
        {
            return Load(path);
        }

        var collections = NewCollections();
        var workspace = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("D"),
            ["name"] = "Sandbox workspace",
            ["owner"] = Guid.NewGuid().ToString("D"),
            ["plan_id"] = "pid_hg_v1",
            ["org_client_domain"] = "sandbox.example",
            ["timestamp_created"] = Timestamp(time.GetUtcNow()),
        };
        var salesloft = new JsonObject
        {
            ["api_key"] = SandboxKeys.NewSalesloftValue(),
            ["user"] = new JsonObject
            {
                ["id"] = 1,
                ["guid"] = Guid.NewGuid().ToString("D"),
                ["email"] = "owner@sandbox.example",
                ["name"] = "Sandbox Owner",
            },
        };
        var state = new SandboxState(workspace, collections, adminKey: string.Empty, salesloft, path);
        var admin = state.CreateKey("keyward-sandbox-admin", ScopeSet.Parse("all:all"), time.GetUtcNow());
        var seeded = new SandboxState(workspace, collections, (string)admin["key"]!, salesloft, path);
        Seeder.Seed(seeded, seed, time);
        seeded.Save();
        return seeded;
    }

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public bool TryAuthenticate(string value, out JsonObject key) => _keysByValue.TryGetValue(value, out key!);

    /// <summary>Creates a key; the returned item holds the value, which only the create response shows.</summary>
    public JsonObject CreateKey(string name, ScopeSet scopes, DateTimeOffset at)
    {
        var id = Guid.NewGuid();
        var value = SandboxKeys.NewValue(id);
        var key = new JsonObject
        {
            ["id"] = id.ToString("D"),
            ["name"] = name,
            ["scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode)s.ToString())]),
            ["key"] = value,
            ["organization_id"] = WorkspaceId,
            ["timestamp_created"] = Timestamp(at),
            ["timestamp_updated"] = Timestamp(at),
        };
        this["api-keys"].Add(key);
        _keysByValue[value] = key;
        return key;
    }

    public bool RevokeKey(string id)
    {
        if (!this["api-keys"].TryGet(id, out var key))
        {
            return false;
        }

        this["api-keys"].Remove(id);
        _keysByValue.Remove((string)key["key"]!);
        return true;
    }

    /// <summary>Writes the state file atomically (temp file, then rename), readable by its owner only.</summary>
    public void Save()
    {
        if (_path is null)
        {
            return;
        }

        var document = new JsonObject
        {
            ["format"] = "keyward-sandbox-state/1",
            ["admin_key"] = AdminKey,
            ["salesloft"] = Salesloft.DeepClone(),
            ["workspace"] = Workspace.DeepClone(),
            ["collections"] = new JsonObject(_collections.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value.ToJson()))),
        };
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json))
        {
            document.WriteTo(writer);
        }

        PrivateFile.WriteAtomically(_path, json.WrittenSpan);
    }

    private static SandboxState Load(string path)
    {
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"sandbox state file '{path}' is not valid JSON: {e.Message}", e);
        }

        if (document is not JsonObject
            || (string?)document["format"] != "keyward-sandbox-state/1"
            || document["workspace"] is not JsonObject workspace
            || document["collections"] is not JsonObject stored
            || (string?)document["admin_key"] is not { } adminKey
            || document["salesloft"] is not JsonObject salesloft)
        {
            throw new InvalidDataException($"'{path}' is not a keyward sandbox state file (format keyward-sandbox-state/1); move it away or pick another --state path");
        }

        var collections = NewCollections();
        foreach (var (name, collection) in collections)
        {
            foreach (var item in (stored[name] as JsonArray ?? []).OfType<JsonObject>())
            {
                collection.Add((JsonObject)item.DeepClone());
            }
        }

        return new SandboxState((JsonObject)workspace.DeepClone(), collections, adminKey, (JsonObject)salesloft.DeepClone(), path);
    }

    private static Dictionary<string, ResourceCollection> NewCollections() =>
        CollectionNames.ToDictionary(n => n, n => new ResourceCollection(n == "accounts" ? "email" : "id"), StringComparer.Ordinal);
}
