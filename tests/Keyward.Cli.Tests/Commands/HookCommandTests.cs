using System.Diagnostics;
using Keyward.Tests.Shared;

namespace Keyward.Cli.Tests.Commands;

public class HookCommandTests
{
    [Fact]
    public async Task Install_ThenCommit_BlocksALeakAndLetsCleanCommitsThrough()
    {
        using var repo = new GitRepository();
        repo.Commit("init", (".gitignore", ".env\n.env.*\n*.key\n*.pem\n"));
        using var bin = new TempDirectory();
        var shim = bin.Write("keyward", $"#!/bin/sh\nexec {KeywardProcess.ShellCommand} \"$@\"\n");
        File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var install = await CliRunner.RunAsync("hook", "install", repo.Path);
        repo.Write("crm.py", $"SALESLOFT_API_KEY = '{Some.SalesloftKey()}'\n");
        repo.Git("add", "crm.py");
        var blocked = Commit(repo.Path, bin.Path);
        repo.Write("crm.py", "import os\nSALESLOFT_API_KEY = os.environ['SALESLOFT_API_KEY']\n");
        repo.Git("add", "crm.py");
        var allowed = Commit(repo.Path, bin.Path);

        Assert.Equal(ExitCodes.Clean, install.ExitCode);
        Assert.NotEqual(0, blocked.ExitCode);
        Assert.Contains("salesloft-api-key", blocked.Output, StringComparison.Ordinal);
        Assert.True(allowed.ExitCode == 0, allowed.Output);
    }

    [Fact]
    public async Task Install_ForeignHookPresent_RefusesWithoutForce()
    {
        using var repo = new GitRepository();
        repo.Write(".git/hooks/pre-commit", "#!/bin/sh\nrun-my-linter\n");

        var refused = await CliRunner.RunAsync("hook", "install", repo.Path);
        var forced = await CliRunner.RunAsync("hook", "install", repo.Path, "--force");

        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Contains("--force", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Clean, forced.ExitCode);
        Assert.Contains("keyward scan --staged", File.ReadAllText(Path.Combine(repo.Path, ".git", "hooks", "pre-commit")), StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output) Commit(string repository, string binDirectory)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = repository, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "commit", "-q", "-m", "change" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["PATH"] = binDirectory + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
