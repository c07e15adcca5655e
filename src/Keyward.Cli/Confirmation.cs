using System.CommandLine;

namespace Keyward.Cli;

/// <summary>Asks before a command changes the workspace (<c>members remove</c>, <c>blocklist add</c>): <c>--yes</c>
/// confirms up front; otherwise a person answers on a terminal; with neither, the command refuses, so a script or a
/// pipe never changes a workspace without saying so.</summary>
internal static class Confirmation
{
    /// <summary>Creates the <c>--yes</c> option of a changing command.</summary>
    public static Option<bool> YesOption() => new("--yes", "-y")
    {
        Description = "Make the change without asking (required when stdin is not a terminal)",
    };

    /// <summary>Asks "<paramref name="action"/>? [y/N]" on stderr and reads the answer from stdin.</summary>
    /// <param name="console">The console.</param>
    /// <param name="yes">Whether <c>--yes</c> was given.</param>
    /// <param name="action">What would happen, as a verb phrase: <c>remove member x@y (admin)</c>.</param>
    /// <param name="cancellationToken">Cancels the wait for an answer.</param>
    /// <returns>True when confirmed; false when the person answered anything but y or yes.</returns>
    /// <exception cref="UsageException">Stdin is not a terminal and <c>--yes</c> was not given.</exception>
    public static async Task<bool> AskAsync(CliConsole console, bool yes, string action, CancellationToken cancellationToken)
    {
        if (yes)
        {
            return true;
        }

        if (!console.IsInputTerminal)
        {
            throw new UsageException($"refusing to {action} without confirmation: stdin is not a terminal; pass --yes to confirm, or --dry-run to only see the plan");
        }

        await console.Error.WriteAsync($"{char.ToUpperInvariant(action[0])}{action[1..]}? [y/N] ").ConfigureAwait(false);
        await console.Error.FlushAsync(cancellationToken).ConfigureAwait(false);
        var answer = await console.Input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        return answer?.Trim().ToUpperInvariant() is "Y" or "YES";
    }
}
