using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Keyward.Sandbox.Tests;

/// <summary>An integrator's webhook endpoint on loopback: records every delivery and answers <see cref="Status"/>.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(JsonObject Payload, IHeaderDictionary Headers, string RawBody)> Received { get; } = new();

    public int Status { get; set; } = 200;

    /// <summary>Gets statuses to answer first, one per delivery, before falling back to <see cref="Status"/>.</summary>
    public ConcurrentQueue<int> Script { get; } = new();

    public string Url => _app.Urls.First() + "/hooks/instantly";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/instantly", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var raw = await reader.ReadToEndAsync();
            var payload = (JsonObject)JsonNode.Parse(raw)!;
            receiver.Received.Enqueue((payload, new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value)), raw));
            return Results.StatusCode(receiver.Script.TryDequeue(out var scripted) ? scripted : receiver.Status);
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
