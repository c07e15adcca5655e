using System.Text.Json;
using Keyward.Tests.Shared;

namespace Keyward.Cli.Tests.Commands;

public class ScanCommandTests
{
    [Fact]
    public async Task Scan_CleanDirectory_ExitsZero()
    {
        using var tree = new TempDirectory();
        tree.Write("src/app.py", "import os\nKEY = os.environ['INSTANTLY_API_KEY']\n");

        var result = await CliRunner.RunAsync("scan", tree.Path);

        Assert.Equal(ExitCodes.Clean, result.ExitCode);
        Assert.Contains("No leaks found.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_LeakedKeys_ExitsOneWithRedactedFindings()
    {
        using var tree = new TempDirectory();
        var salesloft = Some.SalesloftKey();
        var instantly = Some.InstantlyKey();
        tree.Write("config/settings.env", $"SALESLOFT_API_KEY={salesloft}\nINSTANTLY_API_KEY={instantly}\n");

        var result = await CliRunner.RunAsync("scan", tree.Path);

        Assert.Equal(ExitCodes.Findings, result.ExitCode);
        Assert.Contains("salesloft-api-key", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("instantly-api-key", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("config/settings.env", result.Stdout, StringComparison.Ordinal);
        AssertNeverPrinted(result, salesloft, instantly);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("sarif")]
    public async Task Scan_AnyFormat_NeverPrintsThePlantedSecret(string format)
    {
        using var repo = new GitRepository();
        var key = Some.SalesloftKey();
        repo.Commit("ignore", (".gitignore", ".env\n.env.*\n*.key\n*.pem\n"));
        repo.Commit("leak", ("crm/sync.ts", $"const token = '{key}';\n"));
        repo.Commit("fix", ("crm/sync.ts", "const token = process.env.SALESLOFT_API_KEY;\n"));

        var files = await CliRunner.RunAsync("scan", repo.Path, "--format", format);
        var history = await CliRunner.RunAsync("scan", repo.Path, "--git", "--format", format);

        Assert.Equal(ExitCodes.Clean, files.ExitCode);
        Assert.Equal(ExitCodes.Findings, history.ExitCode);
        AssertNeverPrinted(files, key);
        AssertNeverPrinted(history, key);
    }

    [Fact]
    public async Task Scan_NoRedact_PrintsTheSecretBecauseTheUserAsked()
    {
        using var tree = new TempDirectory();
        var key = Some.SalesloftKey();
        tree.Write("a.env", $"SALESLOFT_API_KEY={key}\n");

        var result = await CliRunner.RunAsync("scan", tree.Path, "--no-redact");

        Assert.Contains(key, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_GitHistory_AttributesTheFindingToItsCommit()
    {
        using var repo = new GitRepository();
        var key = Some.SalesloftKey();
        var leak = repo.Commit("add key", ("deploy/env.sh", $"export SALESLOFT_API_KEY={key}\n"));
        repo.Commit("remove key", ("deploy/env.sh", "export SALESLOFT_API_KEY=\"$(vault read salesloft)\"\n"));

        var result = await CliRunner.RunAsync("scan", repo.Path, "--git", "--format", "json");

        Assert.Equal(ExitCodes.Findings, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var finding = json.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("ruleId").GetString() == "salesloft-api-key");
        Assert.Equal(leak, finding.GetProperty("commit").GetProperty("sha").GetString());
        Assert.Equal("deploy/env.sh", finding.GetProperty("path").GetString());
    }

    [Fact]
    public async Task Scan_OutputFile_WritesSarifAndSummarisesOnStderr()
    {
        using var tree = new TempDirectory();
        tree.Write("k.txt", $"SALESLOFT_API_KEY={Some.SalesloftKey()}\n");
        var report = Path.Combine(tree.Path, "out", "..", "report.sarif");

        var result = await CliRunner.RunAsync("scan", Path.Combine(tree.Path, "k.txt"), "--format", "sarif", "--output", report);

        Assert.Equal(ExitCodes.Findings, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("report written to", result.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.Equal("2.1.0", json.RootElement.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Scan_Baseline_AcceptsKnownFindingsSoOnlyNewOnesFail()
    {
        using var tree = new TempDirectory();
        tree.Write("old.env", $"SALESLOFT_API_KEY={Some.SalesloftKey()}\n");
        var baseline = Path.Combine(tree.Path, "baseline.json");
        await CliRunner.RunAsync("scan", tree.Path, "--format", "json", "--output", baseline);

        var unchanged = await CliRunner.RunAsync("scan", tree.Path, "--baseline", baseline);
        tree.Write("new.env", $"SALESLOFT_API_KEY={Some.SalesloftKey()}\n");
        var added = await CliRunner.RunAsync("scan", tree.Path, "--baseline", baseline);

        Assert.Equal(ExitCodes.Clean, unchanged.ExitCode);
        Assert.Equal(ExitCodes.Findings, added.ExitCode);
        Assert.Contains("new.env", added.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("old.env", added.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--git", "--staged")]
    [InlineData("--format", "xml")]
    [InlineData("--staged", "--since", "HEAD")]
    public async Task Scan_ConflictingOrBadOptions_ExitsTwo(params string[] options)
    {
        using var tree = new TempDirectory();

        var result = await CliRunner.RunAsync(["scan", tree.Path, .. options]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_MissingPath_ExitsTwo()
    {
        var result = await CliRunner.RunAsync("scan", "/nonexistent/" + Guid.NewGuid().ToString("N"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("does not exist", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_GitOutsideARepository_ExitsTwo()
    {
        using var tree = new TempDirectory();

        var result = await CliRunner.RunAsync("scan", tree.Path, "--git");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("not a git repository", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_BadRulesFile_ExitsTwoNamingTheRule()
    {
        using var tree = new TempDirectory();
        var rules = tree.Write("rules.yaml", "rules:\n  - id: acme-token\n    severity: high\n    regex: 'acme_[0-9]+'\n");

        var result = await CliRunner.RunAsync("scan", tree.Path, "--rules", rules);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("rule 'acme-token'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("(?<secret>", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_CorruptRepository_ExitsThree()
    {
        using var repo = new GitRepository();
        repo.Commit("one", ("a.txt", "a"));
        var head = repo.Commit("two", ("b.txt", "b"));
        File.Delete(Path.Combine(repo.Path, ".git", "objects", head[..2], head[2..]));

        var result = await CliRunner.RunAsync("scan", repo.Path, "--git");

        Assert.Equal(ExitCodes.Runtime, result.ExitCode);
        Assert.Contains("git", result.Stderr, StringComparison.Ordinal);
    }

    private static void AssertNeverPrinted(CliResult result, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, result.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, result.Stderr, StringComparison.Ordinal);
        }
    }
}
