using System.CommandLine;
using Keyward.Sandbox;

namespace Keyward.Cli.Commands;

/// <summary><c>keyward sandbox</c>: runs the local Instantly API emulator until stopped.</summary>
internal static class SandboxCommand
{
    public static Command Create(CliConsole console)
    {
        var port = new Option<int>("--port") { Description = "Loopback port to listen on (default: a free one)", HelpName = "N" }.InRange(0, 65535);
        var seed = new Option<string>("--seed") { Description = "Initial workspace: empty, or risky (unsafe keys, webhooks and members for checks and demos)", DefaultValueFactory = _ => "empty" };
        seed.AcceptOnlyFromAmong("empty", "risky");
        var state = new Option<FileInfo?>("--state") { Description = "JSON file that keeps the workspace across restarts (created 0600 if missing)", HelpName = "FILE" };
        var perSecond = new Option<int>("--requests-per-second") { Description = "Workspace rate limit per second, shared by all keys", DefaultValueFactory = _ => 100, HelpName = "N" }.InRange(1);
        var perMinute = new Option<int>("--requests-per-minute") { Description = "Workspace rate limit per minute, shared by all keys", DefaultValueFactory = _ => 6000, HelpName = "N" }.InRange(1);
        var command = new Command("sandbox", "Run a local emulator of the Instantly API v2 (auth, scopes, errors, limits, webhooks)") { port, seed, state, perSecond, perMinute };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var server = await SandboxServer.StartAsync(
                new SandboxOptions
                {
                    Port = parse.GetValue(port),
                    Seed = parse.GetValue(seed) == "risky" ? SandboxSeed.Risky : SandboxSeed.Empty,
                    StatePath = parse.GetValue(state)?.FullName,
                    RequestsPerSecond = parse.GetValue(perSecond),
                    RequestsPerMinute = parse.GetValue(perMinute),
                },
                cancellationToken).ConfigureAwait(false);

            // stdout is for `eval "$(keyward sandbox ...)"`-style scripts; the human notice goes to stderr.
            await console.Output.WriteLineAsync($"INSTANTLY_BASE_URL={server.BaseUrl.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
            await console.Output.WriteLineAsync($"INSTANTLY_API_KEY={server.AdminKey.Reveal()}").ConfigureAwait(false);
            await console.Output.WriteLineAsync($"SALESLOFT_BASE_URL={server.BaseUrl.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
            await console.Output.WriteLineAsync($"SALESLOFT_API_KEY={server.SalesloftKey.Reveal()}").ConfigureAwait(false);
            await console.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            await console.Error.WriteLineAsync("keyward sandbox: serving a fake Instantly workspace (and Salesloft team) on loopback; the keys above are sandbox keys. Ctrl+C to stop.").ConfigureAwait(false);
            await server.WaitAsync(cancellationToken).ConfigureAwait(false);
            await console.Error.WriteLineAsync("keyward sandbox: stopped").ConfigureAwait(false);
            return ExitCodes.Clean;
        });
        return command;
    }
}
