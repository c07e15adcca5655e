using System.CommandLine;
using Keyward.Scanning.Hooks;

namespace Keyward.Cli.Commands;

/// <summary><c>keyward hook install</c>: a git pre-commit hook that runs <c>keyward scan --staged</c>.</summary>
internal static class HookCommand
{
    public static Command Create(CliConsole console)
    {
        var path = new Argument<string>("path") { Description = "A directory in the repository", DefaultValueFactory = _ => "." };
        var force = new Option<bool>("--force") { Description = "Replace an existing pre-commit hook that keyward did not write" };
        var install = new Command("install", "Install a pre-commit hook that blocks commits adding leaked keys") { path, force };
        install.SetAction(async (parse, cancellationToken) =>
        {
            string hook;
            try
            {
                hook = await PreCommitHook.InstallAsync(parse.GetValue(path)!, parse.GetValue(force), cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                throw new UsageException(e.Message, e);
            }

            console.Line($"Installed {hook}: every commit now runs 'keyward scan --staged'.");
            return ExitCodes.Clean;
        });
        return new Command("hook", "Manage the git pre-commit hook") { install };
    }
}
