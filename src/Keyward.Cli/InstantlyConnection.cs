using System.CommandLine;
using Keyward.Core.Auditing;
using Keyward.Core.Secrets;
using Keyward.Providers.Instantly.Client;
using Keyward.Secrets;
using Microsoft.Extensions.DependencyInjection;

namespace Keyward.Cli;

/// <summary>Wires the guarded Instantly client for a command: base URL from <c>--base-url</c> or
/// <c>INSTANTLY_BASE_URL</c>, the key by reference in any of the built-in secret stores, and the command's audit
/// sink.</summary>
internal static class InstantlyConnection
{
    public static Uri BaseUrl(ParseResult parse) =>
        parse.GetValue(KeywardCli.BaseUrlOption)
        ?? (Environment.GetEnvironmentVariable("INSTANTLY_BASE_URL") is { Length: > 0 } url ? new Uri(url) : InstantlyClientOptions.DefaultBaseAddress);

    /// <summary>Builds a container holding an <see cref="InstantlyClient"/> that audits into <paramref name="audit"/>.</summary>
    public static ServiceProvider Services(ParseResult parse, string keyReference, IAuditSink audit)
    {
        var baseUrl = BaseUrl(parse);
        var services = new ServiceCollection();
        services.AddSingleton(audit);
        services.AddSingleton<ISecretResolver>(SecretStores.Default());
        services.AddInstantly(o => (o.BaseAddress, o.ApiKey) = (baseUrl, keyReference));
        return services.BuildServiceProvider();
    }
}
