using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Keyward.Scanning.Tests.Verification;

/// <summary>
/// A real Kestrel server on 127.0.0.1 answering the two verification endpoints the way the vendors document:
/// Instantly GET /api/v2/workspaces/current and Salesloft GET /v2/me, 200 for live keys and 401 otherwise.
/// </summary>
internal sealed class VendorStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private VendorStub(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, string Token, long Timestamp)> Requests { get; } = new();

    public HashSet<string> LiveKeys { get; } = new(StringComparer.Ordinal);

    public Uri BaseUrl => new(_app.Urls.First());

    public static async Task<VendorStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new VendorStub(app);
        app.MapGet("/api/v2/workspaces/current", (HttpContext context) => stub.Answer(context));
        app.MapGet("/v2/me", (HttpContext context) => stub.Answer(context));
        await app.StartAsync();
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private IResult Answer(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : string.Empty;
        Requests.Enqueue((context.Request.Path, token, Stopwatch.GetTimestamp()));
        return LiveKeys.Contains(token)
            ? Results.Json(new { name = "Acme" })
            : Results.Json(new { statusCode = 401, error = "Unauthorized", message = "Invalid API key" }, statusCode: 401);
    }
}
