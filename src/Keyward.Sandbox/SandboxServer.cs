using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Keyward.Core.Secrets;
using Keyward.Sandbox.Api;
using Keyward.Sandbox.Http;
using Keyward.Sandbox.State;
using Keyward.Sandbox.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Keyward.Sandbox;

/// <summary>A running sandbox: an emulated Instantly API v2 workspace on a loopback port.</summary>
/// <remarks>
/// <para>Start one with <see cref="StartAsync"/> (tests) or <c>keyward sandbox</c> (scripts and demos); point any
/// client at <see cref="BaseUrl"/> with <see cref="AdminKey"/>. Behaviour follows <c>../shared/reference/instantly-api.md</c>;
/// the guesses it needs are in <see cref="SandboxAssumptions"/>. docs/sandbox.md lists what is modelled.</para>
/// <para>Only loopback is bound: the sandbox is a test double with a printed <c>all:all</c> key, never a service.</para>
/// </remarks>
public sealed class SandboxServer : IAsyncDisposable
{
    /// <summary>The sandbox's own endpoint for injecting events, outside Instantly's namespace.</summary>
    public const string EventsPath = "/api/v2/sandbox/events";

    private readonly WebApplication _app;
    private readonly WebhookDispatcher _dispatcher;

    private SandboxServer(WebApplication app, Uri baseUrl, SecretValue adminKey, SecretValue salesloftKey, WebhookDispatcher dispatcher)
    {
        _app = app;
        BaseUrl = baseUrl;
        AdminKey = adminKey;
        SalesloftKey = salesloftKey;
        _dispatcher = dispatcher;
    }

    /// <summary>Gets the base URL, <c>http://127.0.0.1:PORT</c>; API paths start with <c>/api/v2</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Gets the workspace's <c>all:all</c> admin key (redacted by <see cref="SecretValue.ToString"/>).</summary>
    public SecretValue AdminKey { get; }

    /// <summary>Gets the Salesloft API key of the emulated Salesloft user (<c>/v2/...</c> on the same base URL).</summary>
    public SecretValue SalesloftKey { get; }

    /// <summary>Starts a sandbox and returns once it accepts connections.</summary>
    /// <param name="options">Port, seed, state file and limits.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running sandbox; dispose it to stop.</returns>
    /// <exception cref="InvalidDataException">The state file exists but is not a sandbox state.</exception>
    /// <exception cref="IOException">The port is taken.</exception>
    public static async Task<SandboxServer> StartAsync(SandboxOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var state = SandboxState.LoadOrCreate(options.StatePath, options.Seed, options.TimeProvider);

        // No reload of appsettings.json on change: its watcher covers the working directory recursively (where
        // --state files live) and wakes on every write there (measured for the webhook receiver: 8.5% of its CPU).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.TimeProvider);
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton<InstantlyApi>();
        builder.Services.AddSingleton(new WorkspaceRateLimiter(options.RequestsPerSecond, options.RequestsPerMinute, options.TimeProvider));
        builder.Services.AddSingleton<InstantlyGate>();
        builder.Services.AddSingleton<Salesloft.SalesloftApi>();
        builder.Services.AddHttpClient(nameof(WebhookDispatcher), c => c.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton(sp => new WebhookDispatcher(
            state, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(WebhookDispatcher)), options));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());

        var app = builder.Build();
        var gate = app.Services.GetRequiredService<InstantlyGate>();
        var dispatcher = app.Services.GetRequiredService<WebhookDispatcher>();
        app.MapPost(EventsPath, (HttpContext context) => InjectEventAsync(context, state, dispatcher, options.TimeProvider, options.WebhookAttemptDelays));
        app.Map("/v2/{**path}", app.Services.GetRequiredService<Salesloft.SalesloftApi>().InvokeAsync);
        app.MapFallback("{**path}", gate.InvokeAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SandboxServer(app, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)), new SecretValue(state.AdminKey), new SecretValue(state.SalesloftKey), dispatcher);
    }

    /// <summary>Waits until every queued webhook delivery, retries included, has finished.</summary>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>True when none is left.</returns>
    public async Task<bool> WaitForWebhooksAsync(TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        while (_dispatcher.Pending > 0)
        {
            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                return false;
            }

            await Task.Delay(10).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Blocks until the sandbox is stopped (Ctrl+C through <paramref name="cancellationToken"/>).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that ends when the token is cancelled.</returns>
    public Task WaitAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task InjectEventAsync(HttpContext context, SandboxState state, WebhookDispatcher dispatcher, TimeProvider time, IReadOnlyList<TimeSpan> attemptDelays)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }

        IReadOnlyList<WebhookDelivery> deliveries;
        lock (state.Lock)
        {
            if (BearerToken.Of(context.Request) is not { } token || !state.TryAuthenticate(token, out _))
            {
                deliveries = [];
                context.Response.StatusCode = 401;
            }
            else if (body is not JsonObject fields || (string?)fields["event_type"] is not { Length: > 0 } eventType || eventType == "all_events")
            {
                deliveries = [];
                context.Response.StatusCode = 400;
            }
            else
            {
                fields.Remove("event_type");
                deliveries = WebhookEvents.Deliveries(state, eventType, fields, time.GetUtcNow(), attemptDelays);
            }
        }

        foreach (var delivery in deliveries)
        {
            dispatcher.Enqueue(delivery);
        }

        var response = context.Response.StatusCode switch
        {
            401 => SandboxResponse.Error(401, SandboxAssumptions.InvalidKeyMessage).Body!,
            400 => SandboxResponse.BadRequest("body must be an object with an 'event_type' (a subscription type other than all_events, or a custom label)").Body!,
            _ => new JsonObject { ["deliveries"] = deliveries.Count },
        };
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(response.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }
}
