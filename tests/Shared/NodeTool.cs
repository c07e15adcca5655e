using System.Diagnostics;

namespace Keyward.Tests.Shared;

/// <summary>Runs the reference validators in tests/tools (installed by scripts/test.sh with npm ci).</summary>
internal static class NodeTool
{
    public static (int ExitCode, string Output) Run(string script, params string[] arguments)
    {
        var tools = Path.Combine(RepositoryPaths.Root, "tests", "tools");
        if (!Directory.Exists(Path.Combine(tools, "node_modules")))
        {
            throw new InvalidOperationException("tests/tools/node_modules is missing: run scripts/test.sh, or 'npm ci --prefix tests/tools'.");
        }

        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = tools };
        info.ArgumentList.Add(Path.Combine(tools, script));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
