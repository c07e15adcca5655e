namespace Keyward.Cli.Tests;

/// <summary>Runs the keyward CLI in-process with captured stdout and stderr, as a pipe would see them.</summary>
internal static class CliRunner
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await KeywardCli.RunAsync(args, new CliConsole(output, error, isTerminal: false));
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr);
