using System.CommandLine;
using Keyward.Providers.Salesloft;

namespace Keyward.Cli;

/// <summary>Where Salesloft calls go: <c>--base-url</c> (the sandbox serves Salesloft's subset too), else
/// <c>SALESLOFT_BASE_URL</c>, else Salesloft's API.</summary>
internal static class SalesloftConnection
{
    public static Uri BaseUrl(ParseResult parse) =>
        parse.GetValue(KeywardCli.BaseUrlOption)
        ?? (Environment.GetEnvironmentVariable("SALESLOFT_BASE_URL") is { Length: > 0 } url ? new Uri(url) : SalesloftClientOptions.DefaultBaseAddress);
}
