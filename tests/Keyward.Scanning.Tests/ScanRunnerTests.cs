using Keyward.Tests.Shared;

namespace Keyward.Scanning.Tests;

public class ScanRunnerTests
{
    [Fact]
    public async Task Run_ThisRepository_HasNoFindings()
    {
        // What the README's main command does; committed fixtures are marked keyward:allow.
        var result = await ScanRunner.RunAsync(new ScanRequest { Path = RepositoryPaths.Root, RespectGitignore = true });

        Assert.True(result.Findings.Count == 0, string.Join(Environment.NewLine, result.Findings.Select(f => $"{f.Path}:{f.Line} {f.RuleId}")));
    }

    [Fact]
    public async Task Run_StagedEnvFile_IsAHygieneFinding()
    {
        using var repo = new GitRepository();
        repo.Commit("init", (".gitignore", "*.key\n*.pem\n"));
        repo.Write(".env", "DEBUG=1\n");
        repo.Git("add", "-f", ".env");

        var result = await ScanRunner.RunAsync(new ScanRequest { Path = repo.Path, Mode = ScanMode.Staged });

        Assert.Equal("hygiene-tracked-env-file", Assert.Single(result.Findings).RuleId);
    }
}
