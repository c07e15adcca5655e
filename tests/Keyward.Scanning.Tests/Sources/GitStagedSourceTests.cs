using Keyward.Scanning.Detection;
using Keyward.Scanning.Sources;
using Keyward.Scanning.Suppression;
using Keyward.Tests.Shared;

namespace Keyward.Scanning.Tests.Sources;

public class GitStagedSourceTests
{
    private static readonly Scanner Scanner = new(new Detector(TestRules.Set));

    [Fact]
    public async Task Scan_ReadsTheIndexNotTheWorkingTree()
    {
        using var repo = new GitRepository();
        repo.Commit("init", ("a.txt", "a\n"));
        var staged = TestRules.Token();
        repo.Write("staged.txt", staged);
        repo.Git("add", "staged.txt");
        repo.Write("staged.txt", "cleaned in the working tree, but the index still has the secret\n");
        repo.Write("untracked.txt", TestRules.Token());

        var result = await Scanner.ScanAsync(new GitStagedSource(repo.Path), Suppressions.None);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(("staged.txt", staged), (finding.Path, finding.Secret!.Reveal()));
        Assert.Null(finding.Commit);
    }

    [Fact]
    public async Task Scan_InitialCommitWithNothingCommittedYet_Works()
    {
        using var repo = new GitRepository();
        repo.Write("first.txt", TestRules.Token());
        repo.Git("add", "first.txt");

        var result = await Scanner.ScanAsync(new GitStagedSource(repo.Path), Suppressions.None);

        Assert.Single(result.Findings);
    }
}
