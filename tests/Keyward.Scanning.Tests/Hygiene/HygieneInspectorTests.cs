using Keyward.Scanning.Hygiene;
using Keyward.Tests.Shared;

namespace Keyward.Scanning.Tests.Hygiene;

public class HygieneInspectorTests
{
    private static readonly HygieneInspector Inspector = new(TestRules.Set);

    [Fact]
    public async Task Inspect_TrackedEnvAndKeyFilesWithoutGitignore_ReportsEach()
    {
        using var repo = new GitRepository();
        repo.Commit("oops", (".env", "API_KEY=1\n"), ("deploy/server.pem", "cert\n"), (".env.example", "API_KEY=\n"), ("src/app.cs", "//"));

        var findings = await Inspector.InspectRepositoryAsync(repo.Path);

        Assert.Contains(findings, f => f.RuleId == HygieneInspector.TrackedEnvFile && f.Path == ".env");
        Assert.Contains(findings, f => f.RuleId == HygieneInspector.PrivateKeyFile && f.Path == "deploy/server.pem");
        Assert.DoesNotContain(findings, f => f.Path == ".env.example");
        Assert.Equal(4, findings.Count(f => f.RuleId == HygieneInspector.GitignoreMissing));
    }

    [Fact]
    public async Task Inspect_GoodHygiene_ReportsNothing()
    {
        using var repo = new GitRepository();
        repo.Commit("good", (".gitignore", ".env\n.env.*\n!.env.example\n*.key\n*.pem\n"), (".env.example", "INSTANTLY_API_KEY=\nPORT=3000\n"));
        repo.Write(".env", "INSTANTLY_API_KEY=not-committed\n");

        var findings = await Inspector.InspectRepositoryAsync(repo.Path);

        Assert.Empty(findings);
    }

    [Fact]
    public async Task Inspect_PartialGitignore_ReportsOnlyTheUncoveredPatterns()
    {
        using var repo = new GitRepository();
        repo.Commit("partial", (".gitignore", ".env\n*.pem\n"));

        var findings = await Inspector.InspectRepositoryAsync(repo.Path);

        Assert.Equal(
            [".gitignore does not ignore *.key; add the line '*.key'", ".gitignore does not ignore .env.*; add the line '.env.*'"],
            findings.Select(f => f.Description).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Inspect_TemplateWithRealLookingValue_IsReported()
    {
        using var repo = new GitRepository();
        repo.Commit("template", (".gitignore", ".env\n.env.*\n!.env.sample\n*.key\n*.pem\n"), (".env.sample", $"TOKEN={Some.AlphanumericString(32)}\n"));

        var finding = Assert.Single(await Inspector.InspectRepositoryAsync(repo.Path));

        Assert.Equal(HygieneInspector.EnvTemplateWithValues, finding.RuleId);
        Assert.Null(finding.Secret);
    }

    [Fact]
    public async Task Inspect_NotARepository_ReportsNothing()
    {
        using var directory = new TempDirectory();
        directory.Write(".env", "A=1");

        Assert.Empty(await Inspector.InspectRepositoryAsync(directory.Path));
    }
}
