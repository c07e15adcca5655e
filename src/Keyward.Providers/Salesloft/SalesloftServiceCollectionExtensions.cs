using System.Text.RegularExpressions;
using Keyward.Core.Auditing;
using Keyward.Core.Secrets;
using Keyward.Providers.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Keyward.Providers.Salesloft;

/// <summary>Registers the guarded Salesloft client with dependency injection and <see cref="IHttpClientFactory"/>.</summary>
public static partial class SalesloftServiceCollectionExtensions
{
    /// <summary>The action of every audit record the Salesloft client writes.</summary>
    public const string AuditAction = "salesloft.api.call";

    private const string HttpClientName = "keyward.salesloft";

    /// <summary>Registers <see cref="SalesloftClient"/>: cost budget → retry → bearer token from the secret
    /// reference → redaction → audit.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the token reference and limits.</param>
    /// <returns>The HTTP client builder.</returns>
    public static IHttpClientBuilder AddSalesloft(this IServiceCollection services, Action<SalesloftClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SalesloftClientOptions>()
            .Configure(configure)
            .Validate(o => SecretReference.TryParse(o.ApiKey, out _), "ApiKey must be a secret reference such as env:SALESLOFT_API_KEY, never the token itself")
            .Validate(o => o.CostPerMinute > 0, "CostPerMinute must be positive");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAuditSink, InMemoryAuditSink>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISecretResolver, EnvironmentSecretResolver>());
        services.TryAddTransient(sp => new SalesloftClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), Options(sp)));

        return services.AddHttpClient(HttpClientName, (sp, http) => http.BaseAddress = Options(sp).BaseAddress)
            .AddHttpMessageHandler(sp => new RateLimitHandler(new ClientRateLimiter(Options(sp).CostPerMinute, Options(sp).CostPerMinute, sp.GetRequiredService<TimeProvider>())))
            .AddHttpMessageHandler(sp => new RetryHandler(
                new RetryPolicy(Options(sp).MaxRetries, Options(sp).RetryBaseDelay, Options(sp).MaxRetryDelay, r => r.Method == HttpMethod.Get),
                sp.GetRequiredService<TimeProvider>()))
            .AddHttpMessageHandler(sp => new BearerTokenHandler(new CompositeSecretResolver(sp.GetServices<ISecretResolver>()), SecretReference.Parse(Options(sp).ApiKey)))
            .AddHttpMessageHandler(_ => new RedactionHandler())
            .AddHttpMessageHandler(sp => new AuditHandler(
                sp.GetRequiredService<IAuditSink>(), AuditAction, Describe, token => $"salesloft-token:sha256:{token.Sha256Hex()[..12]}", Options(sp).Actor, sp.GetRequiredService<TimeProvider>()))
            .RedactLoggedHeaders(["Authorization"]);
    }

    /// <summary>Names a request by its path with ids folded, such as <c>PUT /v2/webhook_subscriptions/{id}</c>.</summary>
    private static string Describe(HttpRequestMessage request) =>
        $"{request.Method} {IdSegment().Replace(request.RequestUri?.AbsolutePath ?? "/", "/{id}")}";

    private static SalesloftClientOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<SalesloftClientOptions>>().Value;

    [GeneratedRegex("/[0-9]+(?=/|$)")]
    private static partial Regex IdSegment();
}
