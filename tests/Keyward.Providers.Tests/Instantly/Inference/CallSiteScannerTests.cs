using System.Text.RegularExpressions;
using Keyward.Providers.Instantly;
using Keyward.Providers.Instantly.Inference;
using Keyward.Tests.Shared;

namespace Keyward.Providers.Tests.Instantly.Inference;

public partial class CallSiteScannerTests
{
    private static readonly string Samples = Path.Combine(AppContext.BaseDirectory, "Instantly", "Inference", "Samples");

    private readonly CallSiteScanner _scanner = new(InstantlyOperationCatalog.Default);

    [Fact]
    public void Scan_SampleProject_FindsEveryMarkedCallInEveryLanguage()
    {
        var expected = ReadMarkers(Samples).ToHashSet();
        Assert.Contains(expected, e => e.File.EndsWith(".cs", StringComparison.Ordinal));
        Assert.Contains(expected, e => e.File.EndsWith(".ts", StringComparison.Ordinal));
        Assert.Contains(expected, e => e.File.EndsWith(".py", StringComparison.Ordinal));

        var report = _scanner.Scan(Samples);

        var actual = report.CallSites
            .Select(c => c.Operation is null
                ? new Marker(c.File, c.Line, null, c.Path)
                : new Marker(c.File, c.Line, c.Method, c.Operation.PathTemplate))
            .ToHashSet();
        Assert.Equal(expected.OrderBy(m => m.ToString()), actual.OrderBy(m => m.ToString()));
    }

    [Fact]
    public void Scan_SampleProject_PlansTheUnionOfResolvedScopes()
    {
        var report = _scanner.Scan(Samples);

        Assert.Equal(
            "api_keys:delete audit_logs:read block_list_entries:create campaigns:read campaigns:update emails:read leads:create leads:read leads:update leads:delete webhooks:read workspaces:update",
            report.Plan.ScopeSet.ToString());
        Assert.Equal(2, report.Unresolved.Count);
    }

    [Fact]
    public void Scan_UnknownPathAndMissingMethod_AreReportedWithReasons()
    {
        var report = _scanner.Scan(Samples);

        var unknown = Assert.Single(report.Unresolved, c => c.Path == "/api/v2/campaign/list");
        Assert.Contains("not an Instantly API v2 path", unknown.Problem, StringComparison.Ordinal);
        var noMethod = Assert.Single(report.Unresolved, c => c.Path == "/api/v2/lead-lists");
        Assert.Contains("HTTP method not found", noMethod.Problem, StringComparison.Ordinal);
        Assert.Contains("POST (lead_lists:create)", noMethod.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_SkipsDependencyFoldersProseAndSymlinks_AndReportsLargeAndBinaryFiles()
    {
        using var tree = new TempDirectory();
        tree.Write("app.js", "await fetch('https://api.instantly.ai/api/v2/campaigns');\n");
        tree.Write("node_modules/sdk/index.js", "await fetch('https://api.instantly.ai/api/v2/leads/list', { method: 'POST' });\n");
        tree.Write("docs/api.md", "Call `GET /api/v2/emails` to list emails.\n");
        tree.Write("big.js", new string('x', 4096) + "\nfetch('/api/v2/emails')\n");
        File.WriteAllBytes(Path.Combine(tree.Path, "blob.bin"), [0x2f, 0x61, 0x70, 0x69, 0x00, 0x01]);
        using var outside = new TempDirectory();
        outside.Write("secret.js", "await fetch('https://api.instantly.ai/api/v2/api-keys');\n");
        File.CreateSymbolicLink(Path.Combine(tree.Path, "linked"), outside.Path);

        var report = new CallSiteScanner(InstantlyOperationCatalog.Default, new ScopeInferenceOptions { MaxFileBytes = 1024 }).Scan(tree.Path);

        var site = Assert.Single(report.CallSites);
        Assert.Equal(("app.js", 1, "GET", "/api/v2/campaigns"), (site.File, site.Line, site.Method, site.Operation!.PathTemplate));
        Assert.Contains(report.Skipped, s => s.File == "big.js" && s.Reason.Contains("larger than", StringComparison.Ordinal));
        Assert.Contains(report.Skipped, s => s.File == "blob.bin" && s.Reason == "binary");
    }

    [Fact]
    public void Scan_MissingPath_ThrowsDirectoryNotFound()
    {
        Assert.Throws<DirectoryNotFoundException>(() => _scanner.Scan(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));
    }

    [Theory]
    [InlineData("client.GetAsync(\"/api/v2/leads/\" + id + \"/x\")", "/api/v2/leads/{}/x")]
    [InlineData("fmt.Sprintf(\"/api/v2/campaigns/%s/activate\", id)", "/api/v2/campaigns/{}/activate")]
    [InlineData("router.get('/api/v2/leads/:id')", "/api/v2/leads/{}")]
    [InlineData("f\"{base}/campaigns/{cid}/pause\"  # instantly", "/api/v2/campaigns/{}/pause")]
    public void ScanText_InterpolationStyles_BecomePlaceholders(string line, string path)
    {
        var site = Assert.Single(_scanner.ScanText("x", line));

        Assert.Equal(path, site.Path);
    }

    [Fact]
    public void ScanText_FileWithoutInstantlyOrApiPath_IsIgnoredCheaply()
    {
        Assert.Empty(_scanner.ScanText("routes.ts", "app.get('/campaigns', handler);\napp.post('/leads', handler);\n"));
    }

    private static IEnumerable<Marker> ReadMarkers(string root)
    {
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var match = MarkerRegex().Match(lines[i]);
                if (match.Success)
                {
                    var method = match.Groups["method"].Success ? match.Groups["method"].Value : null;
                    yield return new Marker(relative, i + 1, method, "/" + match.Groups["path"].Value);
                }
            }
        }
    }

    [GeneratedRegex(@"expect(?:-unresolved)?: (?:(?<method>GET|POST|PUT|PATCH|DELETE) )?(?<path>api/v2/\S+)")]
    private static partial Regex MarkerRegex();

    private sealed record Marker(string File, int Line, string? Method, string Path);
}
