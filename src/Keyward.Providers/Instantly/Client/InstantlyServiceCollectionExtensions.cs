using System.Collections.Concurrent;
using Keyward.Core.Auditing;
using Keyward.Core.Scopes;
using Keyward.Core.Secrets;
using Keyward.Providers.Http;
using Keyward.Providers.Instantly.Client.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Keyward.Providers.Instantly.Client;

/// <summary>Registers guarded Instantly clients with dependency injection and <see cref="IHttpClientFactory"/>.</summary>
/// <remarks>
/// <para>Each client's pipeline, outermost first: scope guard → client-side rate limiter (shared by every client
/// of one base address, like Instantly's workspace limit) → retry (Polly) → bearer key from the secret reference →
/// redaction → audit. Register an <see cref="IAuditSink"/> to keep the records (default: an
/// <see cref="InMemoryAuditSink"/>), and <see cref="ISecretResolver"/>s for secret stores beyond <c>env:</c>.</para>
/// </remarks>
public static class InstantlyServiceCollectionExtensions
{
    /// <summary>Registers the default client, injectable as <see cref="InstantlyClient"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the key reference, scopes and limits.</param>
    /// <returns>The HTTP client builder, to add handlers or configure the primary handler.</returns>
    public static IHttpClientBuilder AddInstantly(this IServiceCollection services, Action<InstantlyClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddTransient(sp => sp.GetRequiredService<InstantlyClientFactory>().Create(InstantlyClientFactory.DefaultName));
        return services.AddInstantly(InstantlyClientFactory.DefaultName, configure);
    }

    /// <summary>Registers a named client (a service account: its own key and scopes), created with
    /// <see cref="InstantlyClientFactory.Create(string)"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="name">The name, for example <c>reader</c>.</param>
    /// <param name="configure">Sets the key reference, scopes and limits.</param>
    /// <returns>The HTTP client builder, to add handlers or configure the primary handler.</returns>
    public static IHttpClientBuilder AddInstantly(this IServiceCollection services, string name, Action<InstantlyClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<InstantlyClientOptions>(name)
            .Configure(configure)
            .Validate(o => SecretReference.TryParse(o.ApiKey, out _), "ApiKey must be a secret reference such as env:INSTANTLY_API_KEY, never the key itself")
            .Validate(o => o.Scopes is null || AreScopes(o.Scopes), "Scopes must be Instantly scopes such as 'campaigns:read leads:all'")
            .Validate(o => o.RequestsPerSecond > 0 && o.RequestsPerMinute > 0, "RequestsPerSecond and RequestsPerMinute must be positive")
            .Validate(o => o.BaseAddress.IsAbsoluteUri, "BaseAddress must be an absolute URL");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAuditSink, InMemoryAuditSink>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISecretResolver, EnvironmentSecretResolver>());
        services.TryAddSingleton<KeyScopeCache>();
        services.TryAddSingleton<RateLimiters>();
        services.TryAddSingleton<InstantlyClientFactory>();

        return services.AddHttpClient(HttpClientName(name), (sp, http) => http.BaseAddress = Options(sp, name).BaseAddress)
            .AddHttpMessageHandler(sp =>
            {
                var options = Options(sp, name);
                var key = SecretReference.Parse(options.ApiKey);
                var secrets = Secrets(sp);
                return new ScopeGuardHandler(
                    options.Scopes is null ? null : InstantlyScopes.Vocabulary.ParseSet(options.Scopes),
                    secrets,
                    key,
                    sp.GetRequiredService<KeyScopeCache>(),
                    sp.GetRequiredService<IAuditSink>(),
                    new AuditActor(options.Actor, secrets, key),
                    sp.GetRequiredService<TimeProvider>());
            })
            .AddHttpMessageHandler(sp => new RateLimitHandler(sp.GetRequiredService<RateLimiters>().For(Options(sp, name), sp.GetRequiredService<TimeProvider>())))
            .AddHttpMessageHandler(sp => new RetryHandler(RetryPolicyOf(Options(sp, name)), sp.GetRequiredService<TimeProvider>()))
            .AddHttpMessageHandler(sp => new BearerTokenHandler(Secrets(sp), SecretReference.Parse(Options(sp, name).ApiKey)))
            .AddHttpMessageHandler(_ => new RedactionHandler())
            .AddHttpMessageHandler(sp => new AuditHandler(
                sp.GetRequiredService<IAuditSink>(), AuditActor.Action, InstantlyRequest.Describe, AuditActor.Of, Options(sp, name).Actor, sp.GetRequiredService<TimeProvider>()))
            .RedactLoggedHeaders(["Authorization"]);
    }

    /// <summary>The <see cref="IHttpClientFactory"/> name behind an Instantly client name.</summary>
    internal static string HttpClientName(string name) => "keyward.instantly." + name;

    /// <summary>GETs, and POSTs whose operation only reads (such as <c>POST /leads/list</c>), are safe to repeat.</summary>
    private static RetryPolicy RetryPolicyOf(InstantlyClientOptions options) =>
        new(options.MaxRetries, options.RetryBaseDelay, options.MaxRetryDelay, request =>
            request.Method == HttpMethod.Get || request.Method == HttpMethod.Head
            || InstantlyRequest.Operation(request)?.RequiredScope.Action == ScopeAction.Read);

    private static bool AreScopes(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } scopes
        && scopes.All(s => InstantlyScopes.Vocabulary.TryParse(s, out _, out _));

    private static InstantlyClientOptions Options(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptionsMonitor<InstantlyClientOptions>>().Get(name);

    private static CompositeSecretResolver Secrets(IServiceProvider services) =>
        new(services.GetServices<ISecretResolver>());

    /// <summary>One limiter per base address: every client of a workspace shares Instantly's workspace limit.</summary>
    private sealed class RateLimiters
    {
        private readonly ConcurrentDictionary<Uri, ClientRateLimiter> _byAddress = new();

        public ClientRateLimiter For(InstantlyClientOptions options, TimeProvider time) =>
            _byAddress.GetOrAdd(options.BaseAddress, _ => new ClientRateLimiter(options.RequestsPerSecond, options.RequestsPerMinute, time));
    }
}
