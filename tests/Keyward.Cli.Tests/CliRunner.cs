namespace Keyward.Cli.Tests;

/// <summary>Runs the keyward CLI in-process with captured stdout and stderr, as a pipe would see them.</summary>
internal static class CliRunner
{
    public static Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync(string.Empty, args);

    /// <summary>Runs with <paramref name="stdin"/> as standard input, as a pipe would feed it.</summary>
    public static Task<CliResult> RunWithInputAsync(string stdin, params string[] args) => RunCoreAsync(stdin, inputIsTerminal: false, args);

    /// <summary>Runs with <paramref name="answers"/> typed on a terminal, as a person would answer a question.</summary>
    public static Task<CliResult> RunTypingAsync(string answers, params string[] args) => RunCoreAsync(answers, inputIsTerminal: true, args);

    private static async Task<CliResult> RunCoreAsync(string stdin, bool inputIsTerminal, string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await KeywardCli.RunAsync(args, new CliConsole(output, error, isTerminal: false, input, inputIsTerminal));
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr);
