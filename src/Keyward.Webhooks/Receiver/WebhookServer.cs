using Keyward.Core.Auditing;
using Keyward.Webhooks.Dispatch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Keyward.Webhooks.Receiver;

/// <summary>A standalone webhook receiver (what <c>keyward webhooks serve</c> runs): Kestrel, the endpoints, the
/// inbox and one background dispatcher. Apps with their own host use <c>AddKeywardWebhooks</c> and
/// <c>MapKeywardWebhooks</c> instead.</summary>
public sealed class WebhookServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>Gets the address it listens on, such as <c>http://127.0.0.1:8787/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Gets the services, for tests and tools that read the inbox or the metrics.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the server.</summary>
    /// <param name="options">What to run.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop (in-flight requests finish first).</returns>
    /// <exception cref="IOException">The port is taken, or another receiver adds to the same SQLite inbox.</exception>
    public static async Task<WebhookServer> StartAsync(WebhookServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Settings come from the options alone: an appsettings.json or ASPNETCORE_ variables where serve runs could
        // otherwise add listeners (Kestrel:Endpoints) beside the one asked for, or silence the log lines. The builder
        // reads them before they can be cleared, so it is also told not to watch the file: the watcher covers the
        // content root (the working directory, where the default inbox lives) and woke on every inbox write.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        if (options.Log is { } log)
        {
            builder.Logging.AddProvider(new LineLoggerProvider(log));
        }

        builder.WebHost.ConfigureKestrel(k => k.Listen(options.Address, options.Port));
        builder.Services.AddSingleton(options.TimeProvider);
        builder.Services.AddSingleton(options.Audit ?? new InMemoryAuditSink());
        builder.Services.AddKeywardWebhooks(
            _ => options.Inbox,
            options.Handlers.Count == 0 ? null : _ => new RoutingHandler(options.Handlers),
            options.Dispatch with { Sources = [.. options.Handlers.Keys] }); // an endpoint without a handler stores only
        builder.Services.AddHostedService(sp => new WebhookSecretRefresher(options.Endpoints, options.SecretRefreshInterval, sp.GetRequiredService<IAuditSink>(), options.TimeProvider, sp.GetRequiredService<ILogger<WebhookSecretRefresher>>()));
        var app = builder.Build();
        app.MapKeywardWebhooks(options.Endpoints);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Such as a second receiver on one SQLite inbox: release the inbox and the port before the error goes up.
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WebhookServer(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    /// <summary>Waits until the server is stopped (SIGTERM, Ctrl+C, or <paramref name="cancellationToken"/>).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes at shutdown.</returns>
    public Task WaitAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
