using Keyward.Scanning.Detection;
using Keyward.Scanning.Sources;
using Keyward.Scanning.Suppression;
using Keyward.Tests.Shared;

namespace Keyward.Scanning.Tests.Sources;

public class DirectorySourceTests
{
    private static readonly Scanner Scanner = new(new Detector(TestRules.Set));

    [Fact]
    public async Task Scan_NeverFollowsSymlinksOutOfTheRoot()
    {
        using var root = new TempDirectory();
        using var outside = new TempDirectory();
        outside.Write("secret.txt", TestRules.Token());
        File.CreateSymbolicLink(Path.Combine(root.Path, "escape"), outside.Path);
        File.CreateSymbolicLink(Path.Combine(root.Path, "escape.txt"), Path.Combine(outside.Path, "secret.txt"));
        root.Write("inside.txt", "nothing here\n");

        var result = await Scanner.ScanAsync(new DirectorySource(root.Path), Suppressions.None);

        Assert.Empty(result.Findings);
        Assert.Equal(1, result.FragmentsScanned);
    }

    [Fact]
    public async Task Scan_BinaryAndLargeFiles_AreReportedNotSilent()
    {
        using var root = new TempDirectory();
        File.WriteAllBytes(Path.Combine(root.Path, "a.png"), [0x89, 0x50, 0x4e, 0x47, 0x00]);
        root.Write("big.log", new string('y', 3000));

        var result = await Scanner.ScanAsync(new DirectorySource(root.Path, new SourceOptions { MaxFileBytes = 2000 }), Suppressions.None);

        Assert.Equal([("a.png", "binary"), ("big.log", "larger than 2000 bytes")], result.Skipped.Select(s => (s.Path, s.Reason)).Order());
    }

    [Fact]
    public async Task Scan_RespectGitignore_SkipsIgnoredFilesOnlyWhenAsked()
    {
        using var repo = new GitRepository();
        repo.Commit("ignore", (".gitignore", "local/\n"));
        repo.Write("local/creds.txt", TestRules.Token());

        var everything = await Scanner.ScanAsync(new DirectorySource(repo.Path), Suppressions.None);
        var visible = await Scanner.ScanAsync(new DirectorySource(repo.Path, new SourceOptions { RespectGitignore = true }), Suppressions.None);

        Assert.Single(everything.Findings);
        Assert.Empty(visible.Findings);
    }

    [Fact]
    public void Constructor_MissingPath_ThrowsDirectoryNotFound()
    {
        Assert.Throws<DirectoryNotFoundException>(() => new DirectorySource(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));
    }
}
