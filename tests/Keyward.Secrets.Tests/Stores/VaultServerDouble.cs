using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Keyward.Secrets.Tests.Stores;

/// <summary>A local double of HashiCorp Vault's KV version 2 HTTP API, as documented
/// (developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2): read and write versions under
/// <c>/v1/MOUNT/data/PATH</c> with check-and-set, read and write <c>custom_metadata</c> under
/// <c>/v1/MOUNT/metadata/PATH</c>, LIST, and <c>X-Vault-Token</c> auth (403 otherwise).</summary>
internal sealed class VaultServerDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Secret> _secrets = new(StringComparer.Ordinal);

    private VaultServerDouble(WebApplication app) => _app = app;

    public string Token { get; } = "hvs.test-" + Guid.NewGuid().ToString("N");

    public Uri Address => new(_app.Urls.First());

    public static async Task<VaultServerDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var vault = new VaultServerDouble(app);
        app.MapMethods("/v1/{mount}/{kind}/{**path}", ["GET", "POST", "LIST"], vault.HandleAsync);
        await app.StartAsync();
        return vault;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext context, string mount, string kind, string path)
    {
        if (context.Request.Headers["X-Vault-Token"] != Token)
        {
            return Results.Json(new JsonObject { ["errors"] = new JsonArray("permission denied") }, statusCode: 403);
        }

        var body = context.Request.ContentLength > 0 ? await JsonNode.ParseAsync(context.Request.Body) as JsonObject : null;
        var key = $"{mount}/{path}";
        lock (_lock)
        {
            _secrets.TryGetValue(key, out var secret);
            return (context.Request.Method, kind) switch
            {
                ("GET", "data") => ReadData(secret, context.Request.Query["version"]),
                ("POST", "data") => WriteData(key, secret, body),
                ("GET", "metadata") => secret is null ? NotFound() : Results.Json(new JsonObject { ["data"] = secret.Metadata() }),
                ("POST", "metadata") when secret is not null => SetCustom(secret, body),
                ("LIST", "metadata") => List($"{mount}/{path}"),
                _ => NotFound(),
            };
        }
    }

    private static IResult ReadData(Secret? secret, string? versionText)
    {
        var version = versionText is { Length: > 0 } ? int.Parse(versionText, CultureInfo.InvariantCulture) : secret?.Versions.Count ?? 0;
        if (secret is null || version < 1 || version > secret.Versions.Count)
        {
            return NotFound();
        }

        var (created, data) = secret.Versions[version - 1];
        return Results.Json(new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["data"] = data.DeepClone(),
                ["metadata"] = new JsonObject { ["version"] = version, ["created_time"] = created },
            },
        });
    }

    private IResult WriteData(string key, Secret? secret, JsonObject? body)
    {
        var current = secret?.Versions.Count ?? 0;
        if (body?["options"]?["cas"] is JsonValue cas && (int)cas != current)
        {
            return Results.Json(new JsonObject { ["errors"] = new JsonArray("check-and-set parameter did not match the current version") }, statusCode: 400);
        }

        secret ??= _secrets[key] = new Secret();
        var created = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        secret.Versions.Add((created, (JsonObject)(body?["data"]?.DeepClone() ?? new JsonObject())));
        return Results.Json(new JsonObject { ["data"] = new JsonObject { ["version"] = secret.Versions.Count, ["created_time"] = created } });
    }

    private static IResult SetCustom(Secret secret, JsonObject? body)
    {
        secret.Custom = (JsonObject)(body?["custom_metadata"]?.DeepClone() ?? new JsonObject());
        return Results.NoContent();
    }

    private IResult List(string prefix)
    {
        var keys = _secrets.Keys.Where(k => k.StartsWith(prefix.TrimEnd('/') + "/", StringComparison.Ordinal))
            .Select(k => k[(prefix.TrimEnd('/').Length + 1)..].Split('/')[0]).Distinct().Order(StringComparer.Ordinal).ToArray();
        return keys.Length == 0 ? NotFound() : Results.Json(new JsonObject { ["data"] = new JsonObject { ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)k)]) } });
    }

    private static IResult NotFound() => Results.Json(new JsonObject { ["errors"] = new JsonArray() }, statusCode: 404);

    private sealed class Secret
    {
        public List<(string Created, JsonObject Data)> Versions { get; } = [];

        public JsonObject Custom { get; set; } = [];

        public JsonObject Metadata() => new()
        {
            ["current_version"] = Versions.Count,
            ["versions"] = new JsonObject(Versions.Select((v, i) => KeyValuePair.Create((i + 1).ToString(CultureInfo.InvariantCulture), (JsonNode?)new JsonObject { ["created_time"] = v.Created }))),
            ["custom_metadata"] = Custom.DeepClone(),
        };
    }
}
