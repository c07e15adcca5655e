using Keyward.Scanning.Sources;

namespace Keyward.Scanning.Hooks;

/// <summary>Installs the git pre-commit hook that runs <c>keyward scan --staged</c>.</summary>
public static class PreCommitHook
{
    /// <summary>A line every hook written by Keyward contains, so it can be replaced safely.</summary>
    public const string Marker = "# Installed by 'keyward hook install'";

    /// <summary>The hook script.</summary>
    public const string Script = $"""
        #!/bin/sh
        {Marker}: blocks commits that add leaked API keys.
        # Bypass once, knowingly, with: git commit --no-verify
        if command -v keyward >/dev/null 2>&1; then
          exec keyward scan --staged
        fi
        echo "keyward is not on PATH: install it with 'dotnet tool install --global Keyward.Cli', or remove $0" >&2
        exit 1

        """;

    /// <summary>Writes the hook into the repository's hooks directory (honouring <c>core.hooksPath</c>).</summary>
    /// <param name="repository">A directory in the repository.</param>
    /// <param name="force">Replace a hook that Keyward did not write.</param>
    /// <param name="cancellationToken">Stops git.</param>
    /// <returns>The hook's path.</returns>
    /// <exception cref="GitException">The directory is not in a repository.</exception>
    /// <exception cref="InvalidOperationException">Another pre-commit hook exists and <paramref name="force"/> is false.</exception>
    public static async Task<string> InstallAsync(string repository, bool force, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var git = new GitCli(Path.GetFullPath(repository));
        var hooks = (await git.RunAsync(["rev-parse", "--path-format=absolute", "--git-path", "hooks"], cancellationToken).ConfigureAwait(false)).Trim();
        Directory.CreateDirectory(hooks);
        var hook = Path.Combine(hooks, "pre-commit");
        if (File.Exists(hook) && !force && !(await File.ReadAllTextAsync(hook, cancellationToken).ConfigureAwait(false)).Contains(Marker, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{hook} already exists and was not written by keyward; add 'keyward scan --staged' to it yourself, or pass --force to replace it");
        }

        await File.WriteAllTextAsync(hook, Script, cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return hook;
    }
}
