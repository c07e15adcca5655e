using Keyward.Scanning.Detection;
using Keyward.Scanning.Reporting;
using Keyward.Scanning.Sources;
using Keyward.Scanning.Suppression;
using Keyward.Tests.Shared;

namespace Keyward.Scanning.Tests.Suppression;

public class SuppressionsTests
{
    private static readonly Scanner Scanner = new(new Detector(TestRules.Set));

    [Fact]
    public async Task IgnoreFile_ListedFingerprint_IsNotReportedButCounted()
    {
        using var tree = new TempDirectory();
        tree.Write("a.txt", TestRules.Token());
        tree.Write("b.txt", TestRules.Token());
        var first = await Scanner.ScanAsync(new DirectorySource(tree.Path), Suppressions.None);
        var ignoreFile = tree.Write(".keywardignore", $"# rotated 2026-11-01\n{first.Findings[0].Fingerprint}  # a.txt\n\n");

        var second = await Scanner.ScanAsync(new DirectorySource(tree.Path), Suppressions.Load(ignoreFile, null));

        Assert.Equal("b.txt", Assert.Single(second.Findings).Path);
        Assert.Equal(1, second.Ignored);
    }

    [Fact]
    public async Task Baseline_PreviousJsonReport_OnlyNewFindingsAreReported()
    {
        using var tree = new TempDirectory();
        tree.Write("old.txt", TestRules.Token());
        var before = await Scanner.ScanAsync(new DirectorySource(tree.Path), Suppressions.None);
        using (var writer = new StreamWriter(Path.Combine(tree.Path, "baseline.json")))
        {
            new JsonReporter().Write(before, writer, new ReportOptions());
        }

        tree.Write("new.txt", TestRules.Token());
        var after = await Scanner.ScanAsync(new DirectorySource(tree.Path), Suppressions.Load(null, Path.Combine(tree.Path, "baseline.json")));

        Assert.Equal("new.txt", Assert.Single(after.Findings).Path);
        Assert.Equal(1, after.Baselined);
    }

    [Fact]
    public void Load_MissingBaseline_SaysHowToCreateOne()
    {
        var error = Assert.Throws<FileNotFoundException>(() => Suppressions.Load(null, "/nonexistent/baseline.json"));

        Assert.Contains("--format json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BaselineThatIsNotAReport_IsInvalidData()
    {
        using var tree = new TempDirectory();
        var file = tree.Write("b.json", "{\"something\": []}");

        Assert.Throws<InvalidDataException>(() => Suppressions.Load(null, file));
    }
}
