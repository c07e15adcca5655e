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
    /// <summary>Creates the <c>--admin-secret</c> option of the commands that manage the workspace (keys, webhooks):
    /// the reference of a key with the scopes they need, default <c>env:INSTANTLY_API_KEY</c>. Recursive, for a group
    /// whose every subcommand calls the API; otherwise add it to those that do, so the others' help does not offer it.</summary>
    public static Option<string> AdminSecretOption(string scopes, bool recursive = true) => new("--admin-secret")
    {
        Description = $"Secret reference of the key that manages the workspace (needs {scopes})",
        DefaultValueFactory = _ => "env:INSTANTLY_API_KEY",
        Recursive = recursive,
        HelpName = "REF",
    };

    /// <summary>Makes a call that addresses one resource by an id the user typed: Instantly's 404 becomes a usage
    /// error naming the id and the command that lists the valid ones, instead of a runtime failure.</summary>
    public static async Task<T> ByIdAsync<T>(Func<Task<T>> call, string what, string id, string listCommand)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (InstantlyApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new UsageException($"there is no {what} '{id}' in this workspace ({listCommand} shows their ids)", e);
        }
    }

    /// <inheritdoc cref="ByIdAsync{T}(Func{Task{T}}, string, string, string)"/>
    public static Task ByIdAsync(Func<Task> call, string what, string id, string listCommand) =>
        ByIdAsync(
            async () =>
            {
                await call().ConfigureAwait(false);
                return true;
            },
            what,
            id,
            listCommand);

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
