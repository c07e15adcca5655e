using System.Diagnostics;

namespace Keyward.Cli.Tests;

/// <summary>Starts keyward as a child process: the Native AOT binary users install when <c>KEYWARD_TEST_BINARY</c>
/// names one (scripts/test.sh publishes it and sets the variable), otherwise <c>dotnet keyward.dll</c> from this
/// build.</summary>
/// <remarks>Every test that runs keyward as a real process goes through here, so that the suite exercises the binary
/// that ships: trimming and AOT break code only at run time (reflection, serialization, native libraries).</remarks>
internal static class KeywardProcess
{
    /// <summary>The variable naming a published keyward executable to test instead of this build's keyward.dll.</summary>
    public const string BinaryVariable = "KEYWARD_TEST_BINARY";

    /// <summary>Gets the published executable under test, or null when the tests run this build's keyward.dll.</summary>
    public static string? Binary { get; } = ResolveBinary();

    /// <summary>A start description for <c>keyward ARGS</c> with stdout and stderr redirected.</summary>
    public static ProcessStartInfo StartInfo(params IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Binary ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Binary is null)
        {
            start.ArgumentList.Add(DllPath);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    /// <summary>A shell command line that runs keyward with the arguments that follow it (for shims and hooks).</summary>
    public static string ShellCommand => Binary is null ? $"dotnet \"{DllPath}\"" : $"\"{Binary}\"";

    /// <summary>Runs <c>keyward ARGS</c> to the end with <paramref name="stdin"/> as its input and
    /// <paramref name="environment"/> as its only <c>KEYWARD_*</c> variables (see <see cref="RemoveKeywardVariables"/>).</summary>
    public static async Task<CliResult> RunAsync(string stdin, IReadOnlyDictionary<string, string> environment, params IEnumerable<string> args)
    {
        var start = StartInfo(args);
        start.RedirectStandardInput = true;
        RemoveKeywardVariables(start);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Removes the <c>KEYWARD_*</c> variables this test process holds from <paramref name="start"/>'s
    /// environment: tests running alongside set theirs here (an audit store in a directory they delete when they end,
    /// which would override a child's own configuration).</summary>
    public static void RemoveKeywardVariables(ProcessStartInfo start)
    {
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("KEYWARD_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }
    }

    private static string DllPath => Path.Combine(AppContext.BaseDirectory, "keyward.dll");

    private static string? ResolveBinary()
    {
        var binary = Environment.GetEnvironmentVariable(BinaryVariable);
        if (string.IsNullOrEmpty(binary))
        {
            return null;
        }

        return File.Exists(binary)
            ? Path.GetFullPath(binary)
            : throw new InvalidOperationException($"{BinaryVariable} names '{binary}', which does not exist; publish keyward there or unset it");
    }
}
