using System.Diagnostics;

namespace Keyward.Bench.Corpus;

/// <summary>Runs the <c>git</c> CLI.</summary>
internal static class Git
{
    public static string Run(string workingDirectory, params string[] arguments)
    {
        using var process = Process.Start(Start(workingDirectory, arguments, redirectInput: false))
            ?? throw new InvalidOperationException("could not start git");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result.Trim()}");
        }

        return output;
    }

    public static ProcessStartInfo Start(string workingDirectory, IEnumerable<string> arguments, bool redirectInput)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = !redirectInput,
            RedirectStandardError = !redirectInput,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Same bytes on every machine: no user or system config, no hooks, no auto gc.
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        return start;
    }
}
