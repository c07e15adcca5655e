using Keyward.Scanning.Detection;
using Keyward.Scanning.Sources;
using Keyward.Scanning.Suppression;
using Keyward.Tests.Shared;

namespace Keyward.Scanning.Tests.Sources;

public class GitHistorySourceTests
{
    private static readonly Scanner Scanner = new(new Detector(TestRules.Set));

    [Fact]
    public async Task Scan_SecretRemovedFromHead_IsStillFoundAndAttributedToTheCommitThatAddedIt()
    {
        using var repo = new GitRepository();
        var token = TestRules.Token();
        repo.Commit("init", ("README.md", "hello\n"));
        var leak = repo.Commit("add config", ("config/app.env", $"# app\nTOKEN={token}\n"));
        repo.Commit("edit config", ("config/app.env", $"# app config\nTOKEN={token}\nDEBUG=1\n"));
        repo.Commit("remove secret", ("config/app.env", "# app config\nDEBUG=1\n"));

        var result = await Scanner.ScanAsync(new GitHistorySource(repo.Path), Suppressions.None);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(("config/app.env", 2, leak), (finding.Path, finding.Line, finding.Commit!.Sha));
        Assert.Equal(("Ada Lovelace", "ada@example.test"), (finding.Commit.Author, finding.Commit.Email));
    }

    [Fact]
    public async Task Scan_LongFileEditedInManyCommits_FindsEachSecretOnceAtItsLineAndCommit()
    {
        // Later versions are scanned only where they changed: the positions must still be those of the whole file.
        using var repo = new GitRepository();
        var lines = Enumerable.Range(0, 400).Select(i => $"setting_{i:D3} = value number {i}").ToList();
        var first = TestRules.Token();
        lines[10] = $"token = {first}";
        var firstCommit = repo.Commit("add settings", ("config/settings.ini", string.Join('\n', lines) + "\n"));
        for (var edit = 0; edit < 5; edit++)
        {
            lines[100 + (edit * 50)] = $"setting_edited = {edit}";
            repo.Commit($"edit {edit}", ("config/settings.ini", string.Join('\n', lines) + "\n"));
        }

        var second = TestRules.Token();
        lines.Insert(250, $"other = {second}");
        var secondCommit = repo.Commit("add another", ("config/settings.ini", string.Join('\n', lines) + "\n"));
        lines.Insert(0, "# header");
        var shifted = repo.Commit("add a header", ("config/settings.ini", string.Join('\n', lines) + "\n"));

        var result = await Scanner.ScanAsync(new GitHistorySource(repo.Path), Suppressions.None);

        Assert.Equal(
            [(first, 11, firstCommit), (second, 251, secondCommit)],
            result.Findings.Select(f => (f.Secret!.Reveal(), f.Line, f.Commit!.Sha)).OrderBy(f => f.Item2));
        Assert.NotEqual(shifted, firstCommit);
    }

    [Fact]
    public async Task Scan_Since_FileEditedAfterTheRevision_StillReportsTheSecretItHeldBefore()
    {
        // Only commits after --since are walked, so nothing earlier in this run reported the old secret at that path.
        using var repo = new GitRepository();
        var old = TestRules.Token();
        var lines = Enumerable.Range(0, 200).Select(i => $"line {i}").Prepend($"token = {old}").ToList();
        repo.Commit("old", ("app.cfg", string.Join('\n', lines) + "\n"));
        var since = repo.Git("rev-parse", "HEAD").Trim();
        lines.Add("appended");
        repo.Commit("edit far from the secret", ("app.cfg", string.Join('\n', lines) + "\n"));

        var result = await Scanner.ScanAsync(new GitHistorySource(repo.Path, since), Suppressions.None);

        Assert.Equal(old, Assert.Single(result.Findings).Secret!.Reveal());
    }

    [Fact]
    public async Task Scan_AllRefs_FindsSecretsOnlyOnOtherBranchesAndTags()
    {
        using var repo = new GitRepository();
        repo.Commit("init", ("a.txt", "a\n"));
        repo.Git("checkout", "-q", "-b", "feature");
        var onBranch = TestRules.Token();
        repo.Commit("branch work", ("b.txt", onBranch));
        repo.Git("checkout", "-q", "main");
        repo.Git("checkout", "-q", "--orphan", "detached-history");
        var onTag = TestRules.Token();
        repo.Commit("tagged", ("c.txt", onTag));
        repo.Git("tag", "v1");
        repo.Git("checkout", "-q", "main");
        repo.Git("branch", "-D", "detached-history");

        var result = await Scanner.ScanAsync(new GitHistorySource(repo.Path), Suppressions.None);

        Assert.Equal(new[] { onBranch, onTag }.Order(StringComparer.Ordinal), result.Findings.Select(f => f.Secret!.Reveal()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Scan_EachUniqueBlobIsReadOnce()
    {
        using var repo = new GitRepository();
        var content = "same content " + TestRules.Token();
        repo.Commit("one", ("a.txt", content), ("b.txt", content));
        repo.Commit("two", ("c.txt", content), ("d.txt", "different\n"));
        repo.Git("checkout", "-q", "-b", "other");
        repo.Commit("three", ("e.txt", content));

        var result = await Scanner.ScanAsync(new GitHistorySource(repo.Path), Suppressions.None);

        Assert.Equal(2, result.FragmentsScanned);
        Assert.Equal(["a.txt", "b.txt", "c.txt", "e.txt"], result.Findings.Select(f => f.Path));
    }

    [Fact]
    public async Task Scan_CopiedFile_IsReportedAtEachPathWithTheCommitThatCopiedIt()
    {
        using var repo = new GitRepository();
        var content = "token " + TestRules.Token() + "\n";
        var original = repo.Commit("add", ("scripts/sync.sh", content));
        var copy = repo.Commit("copy", ("deploy/sync.sh", content));

        var result = await Scanner.ScanAsync(new GitHistorySource(repo.Path), Suppressions.None);

        Assert.Equal(1, result.FragmentsScanned);
        Assert.Equal([("deploy/sync.sh", copy), ("scripts/sync.sh", original)], result.Findings.Select(f => (f.Path, f.Commit!.Sha)));
    }

    [Fact]
    public async Task Scan_Since_OnlyScansNewerCommits()
    {
        using var repo = new GitRepository();
        repo.Commit("old leak", ("old.txt", TestRules.Token()));
        var since = repo.Git("rev-parse", "HEAD").Trim();
        var fresh = TestRules.Token();
        repo.Commit("new leak", ("new.txt", fresh));

        var result = await Scanner.ScanAsync(new GitHistorySource(repo.Path, since), Suppressions.None);

        Assert.Equal(fresh, Assert.Single(result.Findings).Secret!.Reveal());
    }

    [Fact]
    public async Task Scan_MergeResolutionIntroducingASecret_IsFound()
    {
        using var repo = new GitRepository();
        repo.Commit("base", ("f.txt", "base\n"));
        repo.Git("checkout", "-q", "-b", "side");
        repo.Commit("side", ("f.txt", "side\n"));
        repo.Git("checkout", "-q", "main");
        repo.Commit("main", ("f.txt", "main\n"));
        var token = TestRules.Token();
        try
        {
            repo.Git("merge", "-q", "side");
        }
        catch (InvalidOperationException)
        {
            // Conflict expected: resolve it by writing a secret, as a hurried person might.
        }

        repo.Commit("merge", ("f.txt", token));

        var result = await Scanner.ScanAsync(new GitHistorySource(repo.Path), Suppressions.None);

        Assert.Equal(token, Assert.Single(result.Findings).Secret!.Reveal());
    }

    [Fact]
    public async Task Scan_BinaryAndOversizedBlobs_AreReportedAsSkipped()
    {
        using var repo = new GitRepository();
        File.WriteAllBytes(Path.Combine(repo.Path, "image.bin"), [0x89, 0x50, 0x00, 0x01, 0x02]);
        repo.Commit("blobs", ("big.txt", new string('x', 5000)));

        var result = await Scanner.ScanAsync(new GitHistorySource(repo.Path, options: new SourceOptions { MaxFileBytes = 1000 }), Suppressions.None);

        Assert.Contains(result.Skipped, s => s.Path.StartsWith("image.bin@", StringComparison.Ordinal) && s.Reason == "binary");
        Assert.Contains(result.Skipped, s => s.Path.StartsWith("big.txt@", StringComparison.Ordinal) && s.Reason.StartsWith("larger than", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scan_NotARepository_ThrowsAUsageGitException()
    {
        using var directory = new TempDirectory();

        var error = await Assert.ThrowsAsync<GitException>(() => Scanner.ScanAsync(new GitHistorySource(directory.Path), Suppressions.None));

        Assert.True(error.IsUsageError);
    }

    [Fact]
    public async Task Scan_UnknownSinceRevision_ThrowsAUsageGitException()
    {
        using var repo = new GitRepository();
        repo.Commit("one", ("a.txt", "a"));

        var error = await Assert.ThrowsAsync<GitException>(() => Scanner.ScanAsync(new GitHistorySource(repo.Path, "no-such-rev"), Suppressions.None));

        Assert.True(error.IsUsageError);
    }

    [Fact]
    public async Task ReadAsync_ConsumerStopsEarly_EndsGitAndReturns()
    {
        // Far more output than a pipe holds, so git is still writing when the consumer stops.
        using var repo = new GitRepository();
        repo.Commit("big", Enumerable.Range(0, 40).Select(i => ($"f{i}.txt", $"{i}\n" + new string('x', 200_000))).ToArray());

        var read = 0;
        await ReadFirst(new GitHistorySource(repo.Path).ReadAsync()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, read);

        async Task ReadFirst(IAsyncEnumerable<Fragment> fragments)
        {
            await foreach (var fragment in fragments)
            {
                read++;
                break;
            }
        }
    }

    [Fact]
    public async Task ReadAsync_Cancelled_StopsWithOperationCanceled()
    {
        using var repo = new GitRepository();
        repo.Commit("big", Enumerable.Range(0, 40).Select(i => ($"f{i}.txt", $"{i}\n" + new string('x', 200_000))).ToArray());
        using var cancel = new CancellationTokenSource();

        var reading = Task.Run(async () =>
        {
            await foreach (var fragment in new GitHistorySource(repo.Path).ReadAsync(cancel.Token))
            {
                await cancel.CancelAsync();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
