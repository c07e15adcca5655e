using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keyward.Secrets.Tests.Stores;

/// <summary>A local HTTPS double of Azure Key Vault's secrets REST API, as documented
/// (learn.microsoft.com/rest/api/keyvault/secrets): set, get (latest or one version), list versions and list secrets
/// (paged with <c>nextLink</c>), update a version's tags and <c>attributes.enabled</c>, with Key Vault's error shape
/// <c>{"error":{"code","message","innererror"}}</c> and its bearer challenge.</summary>
/// <remarks>
/// What the SDK relies on and the double reproduces: an unauthenticated request gets 401 with
/// <c>WWW-Authenticate: Bearer authorization="…", resource="…"</c> (the SDK's first request of each vault is sent
/// without a token or body to learn it); ids are <c>https://VAULT/secrets/NAME/VERSION</c>; <c>attributes.created</c>
/// is Unix seconds, and every write lands in the same second unless a test says otherwise (the worst case for
/// ordering); the versions list comes in no useful order (here: by version id); names are case-insensitive; reading a
/// disabled version answers 403 <c>SecretDisabled</c>. Pages hold <see cref="PageSize"/> items so paging is exercised.
/// The certificate is self-signed for localhost and 127.0.0.1, made here at start; <see cref="ClientOptions"/> trusts
/// that certificate only.
/// </remarks>
internal sealed partial class KeyVaultServerDouble : IAsyncDisposable
{
    private const string Challenge = "Bearer authorization=\"https://login.microsoftonline.com/common\", resource=\"https://vault.azure.net\"";

    // Azure.Security.KeyVault.Secrets 4.12 sends 2026-04-01 unless told otherwise; the secrets shapes the double serves
    // are the same back to 7.5. Anything else answers 400, so an SDK upgrade that changes the version shows up here.
    private static readonly string[] ApiVersions = ["7.5", "7.6", "2025-07-01", "2026-04-01"];

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Secret> _secrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _requests = [];
    private readonly List<HttpClientHandler> _handlers = [];

    private KeyVaultServerDouble(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        Certificate = certificate;
    }

    /// <summary>Gets the token of an identity with "Key Vault Secrets Officer".</summary>
    public string Token { get; } = "kv-officer-" + Guid.NewGuid().ToString("N");

    /// <summary>Gets the token of an identity with "Key Vault Secrets User": reads only, writes answer 403.</summary>
    public string ReaderToken { get; } = "kv-reader-" + Guid.NewGuid().ToString("N");

    public X509Certificate2 Certificate { get; }

    public int PageSize { get; set; } = 2;

    /// <summary>Gets or sets the clock of writes, in Unix seconds; by default one fixed second.</summary>
    public Func<long> Now { get; set; } = () => 1_767_225_600;

    /// <summary>Gets the vault URL, such as <c>https://127.0.0.1:5123/</c>.</summary>
    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

    /// <summary>Gets every authenticated request as <c>METHOD /path</c>, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<KeyVaultServerDouble> StartAsync()
    {
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var vault = new KeyVaultServerDouble(app, certificate);
        app.Use(vault.AuthenticateAsync);
        app.MapGet("/secrets", vault.ListSecrets);
        app.MapPut("/secrets/{name}", vault.SetAsync);
        app.MapGet("/secrets/{name}/versions", vault.ListVersions);
        app.MapGet("/secrets/{name}/{version?}", vault.Get);
        app.MapPatch("/secrets/{name}/{version}", vault.UpdateAsync);
        await app.StartAsync();
        return vault;
    }

    /// <summary>Returns SDK options whose transport trusts this double's certificate and nothing else, and that skip
    /// the check that the challenge's resource matches the vault's host (127.0.0.1 is not *.vault.azure.net).</summary>
    public SecretClientOptions ClientOptions()
    {
        var pin = Certificate.GetCertHashString(HashAlgorithmName.SHA256);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == pin,
        };
        lock (_lock)
        {
            _handlers.Add(handler);
        }

        return new SecretClientOptions { Transport = new HttpClientTransport(handler), DisableChallengeResourceVerification = true };
    }

    /// <summary>Writes a version as another tool would (no Keyward tags), at a given time.</summary>
    public string Seed(string name, string value, long created, IReadOnlyDictionary<string, string>? tags = null)
    {
        lock (_lock)
        {
            return Add(name, value, null, tags is null ? [] : new Dictionary<string, string>(tags), created).Id;
        }
    }

    /// <summary>Reads the latest version's value, as every other Key Vault consumer does; null when there is none.</summary>
    public string? Latest(string name)
    {
        lock (_lock)
        {
            return _secrets.TryGetValue(name, out var secret) ? secret.Versions[^1].Value : null;
        }
    }

    /// <summary>Gets a version's tags.</summary>
    public IReadOnlyDictionary<string, string> Tags(string name, string version)
    {
        lock (_lock)
        {
            return new Dictionary<string, string>(_secrets[name].Versions.Single(v => v.Id == version).Tags);
        }
    }

    /// <summary>Replaces a version's tags or enabled flag behind the store's back.</summary>
    public void Alter(string name, string version, Action<Dictionary<string, string>>? tags = null, bool? enabled = null)
    {
        lock (_lock)
        {
            var found = _secrets[name].Versions.Single(v => v.Id == version);
            tags?.Invoke(found.Tags);
            found.Enabled = enabled ?? found.Enabled;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var handler in _handlers)
        {
            handler.Dispose();
        }

        Certificate.Dispose();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new("1.3.6.1.5.5.7.3.1")], critical: false)); // server auth
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        // Through PKCS#12 so the private key is a persisted one that SslStream accepts on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private static IResult Error(int status, string code, string message, string? inner = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (inner is not null)
        {
            error["innererror"] = new JsonObject { ["code"] = inner };
        }

        return Results.Json(new JsonObject { ["error"] = error }, statusCode: status);
    }

    private static IResult NotFound(string name, string? version) =>
        Error(404, "SecretNotFound", $"A secret with (name/id) {name}{(version is null ? string.Empty : "/" + version)} was not found in this key vault.");

    private static string Base(HttpContext context) => $"https://{context.Request.Host}";

    private static JsonObject Bundle(HttpContext context, Secret secret, Entry version, bool withValue, bool withVersion = true)
    {
        var bundle = new JsonObject();
        if (withValue)
        {
            bundle["value"] = version.Value;
        }

        bundle["id"] = $"{Base(context)}/secrets/{secret.Name}{(withVersion ? "/" + version.Id : string.Empty)}";
        if (version.ContentType is not null)
        {
            bundle["contentType"] = version.ContentType;
        }

        bundle["attributes"] = new JsonObject
        {
            ["enabled"] = version.Enabled,
            ["created"] = version.Created,
            ["updated"] = version.Updated,
            ["recoveryLevel"] = "Recoverable+Purgeable",
            ["recoverableDays"] = 90,
        };
        bundle["tags"] = new JsonObject([.. version.Tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value))]);
        return bundle;
    }

    private static IResult Page(HttpContext context, string path, IEnumerable<JsonObject> items, int pageSize)
    {
        var all = items.ToList();
        var skip = int.TryParse(context.Request.Query["$skiptoken"], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var size = int.TryParse(context.Request.Query["maxresults"], NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? Math.Min(m, pageSize) : pageSize;
        var page = new JsonObject { ["value"] = new JsonArray([.. all.Skip(skip).Take(size)]) };
        page["nextLink"] = skip + size < all.Count
            ? $"{Base(context)}{path}?api-version={context.Request.Query["api-version"]}&$skiptoken={skip + size}&maxresults={size}"
            : null;
        return Results.Json(page);
    }

    [GeneratedRegex("^[0-9a-zA-Z-]{1,127}$")]
    private static partial Regex Name();

    private async Task AuthenticateAsync(HttpContext context, RequestDelegate next)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;
        IResult? refusal = null;
        if (token is null || (token != Token && token != ReaderToken))
        {
            // Key Vault answers every 401 with its challenge; the SDK reads the authority and resource from it.
            context.Response.Headers.WWWAuthenticate = Challenge;
            refusal = token is null
                ? Error(401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.")
                : Error(401, "Unauthorized", "AKV10032: Invalid issuer. Expected one of https://sts.windows.net/..., found https://example.invalid/.");
        }
        else if (token == ReaderToken && context.Request.Method != HttpMethods.Get)
        {
            refusal = Error(403, "Forbidden", "Caller is not authorized to perform action on resource. Action: 'Microsoft.KeyVault/vaults/secrets/setSecret/action'", "ForbiddenByRbac");
        }
        else if (!ApiVersions.Contains(context.Request.Query["api-version"].ToString()))
        {
            refusal = Error(400, "BadParameter", "The specified version (" + context.Request.Query["api-version"] + ") is not recognized.");
        }

        if (refusal is not null)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        lock (_lock)
        {
            _requests.Add($"{context.Request.Method} {context.Request.Path}");
        }

        await next(context);
    }

    private async Task<IResult> SetAsync(HttpContext context, string name)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
        if (!Name().IsMatch(name))
        {
            return Error(400, "BadParameter", "The request URI contains an invalid name: " + name);
        }

        if (body?["value"] is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return Error(400, "BadParameter", "Property 'value' is required.");
        }

        var tags = (body["tags"] as JsonObject ?? []).ToDictionary(t => t.Key, t => (string)t.Value!, StringComparer.Ordinal);
        if (tags.Count > 15)
        {
            return Error(400, "BadParameter", "A maximum of 15 tags is allowed.");
        }

        lock (_lock)
        {
            var version = Add(name, text, (string?)body["contentType"], tags, Now());
            version.Enabled = (bool?)body["attributes"]?["enabled"] ?? true;
            return Results.Json(Bundle(context, _secrets[name], version, withValue: true));
        }
    }

    private IResult Get(HttpContext context, string name, string? version)
    {
        lock (_lock)
        {
            if (!_secrets.TryGetValue(name, out var secret))
            {
                return NotFound(name, version);
            }

            var found = version is null ? secret.Versions[^1] : secret.Versions.SingleOrDefault(v => v.Id == version);
            return found is null ? NotFound(name, version)
                : !found.Enabled ? Error(403, "Forbidden", "Operation get is not allowed on a disabled secret.", "SecretDisabled")
                : Results.Json(Bundle(context, secret, found, withValue: true));
        }
    }

    private IResult ListVersions(HttpContext context, string name)
    {
        lock (_lock)
        {
            var versions = _secrets.TryGetValue(name, out var secret)
                ? secret.Versions.OrderBy(v => v.Id, StringComparer.Ordinal).Select(v => Bundle(context, secret, v, withValue: false)).ToList()
                : [];
            return Page(context, $"/secrets/{name}/versions", versions, PageSize);
        }
    }

    private IResult ListSecrets(HttpContext context)
    {
        lock (_lock)
        {
            var secrets = _secrets.Values.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
                .Select(s => Bundle(context, s, s.Versions[^1], withValue: false, withVersion: false)).ToList();
            return Page(context, "/secrets", secrets, PageSize);
        }
    }

    private async Task<IResult> UpdateAsync(HttpContext context, string name, string version)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
        lock (_lock)
        {
            if (!_secrets.TryGetValue(name, out var secret) || secret.Versions.SingleOrDefault(v => v.Id == version) is not { } found)
            {
                return NotFound(name, version);
            }

            if (body["tags"] is JsonObject tags)
            {
                found.Tags.Clear();
                foreach (var (key, value) in tags)
                {
                    found.Tags[key] = (string)value!;
                }
            }

            found.ContentType = body.ContainsKey("contentType") ? (string?)body["contentType"] : found.ContentType;
            found.Enabled = (bool?)body["attributes"]?["enabled"] ?? found.Enabled;
            found.Updated = Now();
            return Results.Json(Bundle(context, secret, found, withValue: false));
        }
    }

    private Entry Add(string name, string value, string? contentType, Dictionary<string, string> tags, long created)
    {
        if (!_secrets.TryGetValue(name, out var secret))
        {
            secret = _secrets[name] = new Secret(name);
        }

        var version = new Entry(Guid.NewGuid().ToString("N"), value, created) { ContentType = contentType, Tags = tags };
        secret.Versions.Add(version);
        return version;
    }

    private sealed record Secret(string Name)
    {
        public List<Entry> Versions { get; } = [];
    }

    private sealed record Entry(string Id, string Value, long Created)
    {
        public string? ContentType { get; set; }

        public Dictionary<string, string> Tags { get; init; } = [];

        public bool Enabled { get; set; } = true;

        public long Updated { get; set; } = Created;
    }
}
