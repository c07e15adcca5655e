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

    [Fact]
    public async Task Run_HistoryWithMalformedRulesFile_FailsNamingTheFileInsteadOfHanging()
    {
        // git starts reading while the rules load; when they cannot load, reading must stop too.
        using var repo = new GitRepository();
        for (var i = 0; i < 30; i++)
        {
            repo.Commit($"commit {i}", ($"file{i % 3}.txt", $"version {i}\n"));
        }

        var rules = repo.Write("custom-rules.yaml", "rules:\n  - id: Bad_Id\n    severity: high\n    regex: '(?<secret>x)'\n");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            ScanRunner.RunAsync(new ScanRequest { Path = repo.Path, Mode = ScanMode.History, RulesFile = rules }).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("custom-rules.yaml", error.Message, StringComparison.Ordinal);
    }
}
