using Microsoft.Extensions.Options;

namespace Keyward.Providers.Instantly.Client;

/// <summary>Creates the named Instantly clients registered with
/// <see cref="InstantlyServiceCollectionExtensions.AddInstantly(Microsoft.Extensions.DependencyInjection.IServiceCollection, string, Action{InstantlyClientOptions})"/>:
/// the service-account pattern, one key reference and one scope set per name (<c>reader</c>, <c>writer</c>, ...).</summary>
public sealed class InstantlyClientFactory
{
    /// <summary>The name of the client registered without a name.</summary>
    public const string DefaultName = "instantly";

    private readonly IHttpClientFactory _http;
    private readonly IOptionsMonitor<InstantlyClientOptions> _options;

    /// <summary>Initializes a new instance of the <see cref="InstantlyClientFactory"/> class.</summary>
    /// <param name="http">The HTTP client factory holding the guarded pipelines.</param>
    /// <param name="options">The options of every named client.</param>
    public InstantlyClientFactory(IHttpClientFactory http, IOptionsMonitor<InstantlyClientOptions> options)
    {
        _http = http;
        _options = options;
    }

    /// <summary>Creates the client registered under <paramref name="name"/>; cheap, create one per unit of work.</summary>
    /// <param name="name">The registration name.</param>
    /// <returns>The client.</returns>
    /// <exception cref="OptionsValidationException">The registration's options are invalid (the message says which).</exception>
    public InstantlyClient Create(string name = DefaultName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var options = _options.Get(name);
        return new InstantlyClient(_http.CreateClient(InstantlyServiceCollectionExtensions.HttpClientName(name)), options);
    }
}
