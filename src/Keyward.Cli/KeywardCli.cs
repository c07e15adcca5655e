using System.CommandLine;
using Keyward.Cli.Commands;
using Keyward.Providers.Instantly;
using Keyward.Scanning.Sources;

namespace Keyward.Cli;

/// <summary>Builds the <c>keyward</c> command tree and runs it with the exit codes of docs/cli.md.</summary>
public static class KeywardCli
{
    /// <summary>Gets <c>--json</c>: print machine-readable JSON instead of text, on every command that prints data.</summary>
    internal static Option<bool> JsonOption { get; } = new("--json")
    {
        Description = "Print machine-readable JSON instead of text",
        Recursive = true,
    };

    /// <summary>Gets <c>--config</c>: the settings file (else <c>keyward.yaml</c> in the current directory when present).</summary>
    internal static Option<FileInfo?> ConfigOption { get; } = new("--config")
    {
        Description = "Settings file (default: keyward.yaml in the current directory, when present)",
        Recursive = true,
        HelpName = "FILE",
    };

    /// <summary>Gets <c>--base-url</c>: point Instantly calls at the sandbox or a proxy (else <c>INSTANTLY_BASE_URL</c>).</summary>
    internal static Option<Uri?> BaseUrlOption { get; } = new("--base-url")
    {
        Description = "Instantly API base URL, for the sandbox or a proxy (default: $INSTANTLY_BASE_URL or https://api.instantly.ai)",
        Recursive = true,
        HelpName = "URL",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                return url;
            }

            result.AddError($"--base-url must be an absolute http(s) URL such as http://127.0.0.1:8080, not '{text}'");
            return null;
        },
    };

    /// <summary>Parses and runs one command line.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="console">Where to write.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C.</param>
    /// <returns>The exit code: 0 clean, 1 findings, 2 usage, 3 runtime, 130 cancelled.</returns>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var root = BuildRootCommand(console);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            var commandPath = string.Join(' ', CommandPath(parseResult.CommandResult.Command));
            await console.Error.WriteLineAsync($"Run '{commandPath} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = console.Output,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await parseResult.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("cancelled").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (IsUsageError(e))
        {
            await console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (Exception e)
        {
            // Runtime failures: say what failed, without a stack trace that could carry request data.
            await console.Error.WriteLineAsync($"error: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Runtime;
        }
    }

    /// <summary>Builds the root command.</summary>
    /// <param name="console">Where commands write.</param>
    /// <returns>The command tree.</returns>
    internal static RootCommand BuildRootCommand(CliConsole console)
    {
        var root = new RootCommand("Keyward: secure your Instantly and Salesloft integrations (scoped keys, leak scanning, rotation, webhooks, audit).");
        root.Options.Add(JsonOption);
        root.Options.Add(BaseUrlOption);
        root.Options.Add(ConfigOption);
        root.Subcommands.Add(CheckCommand.Create(console));
        root.Subcommands.Add(ScanCommand.Create(console));
        root.Subcommands.Add(ScopesCommand.Create(console));
        root.Subcommands.Add(HookCommand.Create(console));
        root.Subcommands.Add(SandboxCommand.Create(console));
        root.Subcommands.Add(AuditLogCommand.Create(console));
        root.Subcommands.Add(SecretsCommand.Create(console));
        root.Subcommands.Add(KeysCommand.Create(console));
        root.Subcommands.Add(WebhooksCommand.Create(console));
        root.Subcommands.Add(MembersCommand.Create(console));
        root.Subcommands.Add(BlocklistCommand.Create(console));
        return root;
    }

    private static bool IsUsageError(Exception e) => e is UsageException
        or FormatException
        or OperationNotFoundException
        or PresetNotFoundException
        or DirectoryNotFoundException
        or FileNotFoundException
        or InvalidDataException
        or Audit.AuditConfigurationException
        or Core.Secrets.SecretNotFoundException
        or Microsoft.Extensions.Options.OptionsValidationException
        or Secrets.SecretStoreException
        or Posture.Admin.WorkspaceAdminException
        or GitException { IsUsageError: true }
        or Webhooks.Management.WebhookRotationException { IsUsageError: true };

    private static Stack<string> CommandPath(Command command)
    {
        var names = new Stack<string>();
        for (Symbol? symbol = command; symbol is not null; symbol = symbol.Parents.FirstOrDefault())
        {
            names.Push(symbol is RootCommand ? "keyward" : symbol.Name);
        }

        return names;
    }
}
