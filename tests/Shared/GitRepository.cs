using System.Diagnostics;

namespace Keyward.Tests.Shared;

/// <summary>A real git repository in a temp directory, driven through the git CLI.</summary>
internal sealed class GitRepository : IDisposable
{
    private readonly TempDirectory _directory = new();

    public GitRepository()
    {
        Git("init", "-q", "-b", "main");
        Git("config", "user.name", "Ada Lovelace");
        Git("config", "user.email", "ada@example.test");
        Git("config", "commit.gpgsign", "false");
    }

    public string Path => _directory.Path;

    public string Write(string relativePath, string content) => _directory.Write(relativePath, content);

    /// <summary>Writes files, stages everything and commits; returns the commit hash.</summary>
    public string Commit(string message, params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            Write(path, content);
        }

        Git("add", "-A");
        Git("commit", "-q", "--allow-empty", "-m", message);
        return Git("rev-parse", "HEAD").Trim();
    }

    public string Git(params string[] arguments) => Run(Path, arguments);

    public static string Run(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
        }

        return output;
    }

    public void Dispose() => _directory.Dispose();
}
