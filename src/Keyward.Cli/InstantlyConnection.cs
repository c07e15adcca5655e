using System.CommandLine;
using Keyward.Core.Auditing;
using Keyward.Providers.Instantly.Client;
using Keyward.Secrets;

namespace Keyward.Cli;

/// <summary>Wires the guarded Instantly client for a command: base URL from <c>--base-url</c> or
/// <c>INSTANTLY_BASE_URL</c>, the key by reference in any of the built-in secret stores, and the command's audit
/// sink.</summary>
internal static class InstantlyConnection
{
    public static Uri BaseUrl(ParseResult parse) =>
        parse.GetValue(KeywardCli.BaseUrlOption)
        ?? (Environment.GetEnvironmentVariable("INSTANTLY_BASE_URL") is { Length: > 0 } url ? new Uri(url) : InstantlyClientOptions.DefaultBaseAddress);

    /// <summary>Builds a guarded client that audits into <paramref name="audit"/>.</summary>
    public static InstantlyClientHost Connect(ParseResult parse, string keyReference, IAuditSink audit)
    {
        var baseUrl = BaseUrl(parse);
        return InstantlyClientHost.Create(o => (o.BaseAddress, o.ApiKey) = (baseUrl, keyReference), SecretStores.Default(), audit);
    }
}
