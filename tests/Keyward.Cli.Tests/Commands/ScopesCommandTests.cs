using System.Text.Json;
using Keyward.Tests.Shared;

namespace Keyward.Cli.Tests.Commands;

public class ScopesCommandTests
{
    [Fact]
    public async Task Plan_AnalyticsDashboard_PrintsCampaignAndAccountReads()
    {
        var result = await CliRunner.RunAsync("scopes", "plan", "--preset", "analytics-dashboard");

        Assert.Equal(ExitCodes.Clean, result.ExitCode);
        Assert.Contains("Create the key with: accounts:read campaigns:read", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("GET /api/v2/campaigns/analytics (inferred)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(inferred) have no documented scope", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_PresetAndOperations_AreCombined()
    {
        var result = await CliRunner.RunAsync(
            "scopes", "plan", "--preset", "webhook-handler", "--op", "PATCH /api/v2/leads/{id}", "--op", "post /api/v2/leads", "--json");

        Assert.Equal(ExitCodes.Clean, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("campaigns:read emails:read leads:create leads:read leads:update", json.RootElement.GetProperty("scopes").GetString());
        Assert.Equal(6, json.RootElement.GetProperty("operations").GetArrayLength());
    }

    [Fact]
    public async Task Diff_AllAllAgainstWebhookHandler_ReportsCriticalExcessAndExitsOne()
    {
        var result = await CliRunner.RunAsync("scopes", "diff", "--have", "all:all", "--preset", "webhook-handler");

        Assert.Equal(ExitCodes.Findings, result.ExitCode);
        Assert.Contains("Excess (1)", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"all:all\s+critical", result.Stdout);
        Assert.Contains("Least privilege: campaigns:read emails:read leads:read", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_Json_HasStableShape()
    {
        var result = await CliRunner.RunAsync("scopes", "diff", "--have", "all:all leads:update", "--preset", "webhook-handler", "--json");

        Assert.Equal(ExitCodes.Findings, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.False(root.GetProperty("exact").GetBoolean());
        Assert.Equal(0, root.GetProperty("missing").GetArrayLength());
        var excess = root.GetProperty("excess").EnumerateArray().ToArray();
        Assert.Equal(["all:all", "leads:update"], excess.Select(e => e.GetProperty("scope").GetString()));
        Assert.Equal("critical", excess[0].GetProperty("risk").GetString());
        Assert.Equal(["campaigns:read", "emails:read", "leads:read"], excess[0].GetProperty("replaceWith").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Diff_ExactKey_ExitsZero()
    {
        var result = await CliRunner.RunAsync("scopes", "diff", "--have", "leads:read,campaigns:read,emails:read", "--preset", "webhook-handler");

        Assert.Equal(ExitCodes.Clean, result.ExitCode);
        Assert.Contains("exactly the least-privilege scopes", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_MissingScope_ExitsOneAndNamesTheOperation()
    {
        var result = await CliRunner.RunAsync("scopes", "diff", "--have", "leads:read", "--op", "PATCH /api/v2/leads/abc");

        Assert.Equal(ExitCodes.Findings, result.ExitCode);
        Assert.Contains("Missing (1)", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"leads:update\s+medium\s+PATCH /api/v2/leads/\{id\}", result.Stdout);
    }

    [Theory]
    [InlineData("diff", "--have", "lead:read", "--preset", "crm-sync", "did you mean leads:read?")]
    [InlineData("plan", "--preset", "crm-synk", "did you mean crm-sync?")]
    [InlineData("plan", "--op", "GET /api/v2/campaign", "did you mean /api/v2/campaigns?")]
    [InlineData("plan", "--op", "PUT /api/v2/campaigns", "it accepts POST, GET")]
    [InlineData("plan", "name what the key is for")]
    [InlineData("explain", "all:everything", "'everything' in 'all:everything' is not an action")]
    public async Task BadInput_ExitsTwoAndSaysWhatToFix(params string[] args)
    {
        var result = await CliRunner.RunAsync(["scopes", .. args[..^1]]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(args[^1], result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Explain_AllAll_IsCriticalAndAllowsEveryOperation()
    {
        var result = await CliRunner.RunAsync("scopes", "explain", "all:all", "--json");

        Assert.Equal(ExitCodes.Clean, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("critical", json.RootElement.GetProperty("scope").GetProperty("risk").GetString());
        Assert.Equal(173, json.RootElement.GetProperty("operations").GetArrayLength());
    }

    [Fact]
    public async Task Explain_WebhooksRead_ShowsRiskReasonAndInferredList()
    {
        var result = await CliRunner.RunAsync("scopes", "explain", "webhooks:read");

        Assert.Equal(ExitCodes.Clean, result.ExitCode);
        Assert.Contains("webhooks:read: risk medium", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"GET\s+/api/v2/webhooks\s+webhooks:read \(inferred\)", result.Stdout);
    }

    [Fact]
    public async Task Explain_ScopeWithNoOperation_SaysItOnlyAddsRisk()
    {
        var result = await CliRunner.RunAsync("scopes", "explain", "ai_sdr:read");

        Assert.Equal(ExitCodes.Clean, result.ExitCode);
        Assert.Contains("No public API v2 operation requires this scope", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Json_HasEveryScopeWithRisk()
    {
        var result = await CliRunner.RunAsync("scopes", "list", "--json");

        using var json = JsonDocument.Parse(result.Stdout);
        var scopes = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("scope").GetString()!, e => e.GetProperty("risk").GetString());
        Assert.Equal(183, scopes.Count);
        Assert.Equal("critical", scopes["all:all"]);
        Assert.Equal("low", scopes["leads:read"]);
    }

    [Fact]
    public async Task ListOperations_Json_HasAll173WithEvidence()
    {
        var result = await CliRunner.RunAsync("scopes", "list", "--operations", "--json");

        using var json = JsonDocument.Parse(result.Stdout);
        var operations = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(173, operations.Length);
        Assert.Equal(24, operations.Count(o => o.GetProperty("evidence").GetString() == "inferred"));
    }

    [Fact]
    public async Task Infer_MixedLanguageProject_ReportsCallSitesAndScopes()
    {
        using var project = new TempDirectory();
        project.Write("src/Client.cs", "var r = await http.PostAsJsonAsync(\"https://api.instantly.ai/api/v2/leads\", lead);\n");
        project.Write("web/api.ts", "const BASE = 'https://api.instantly.ai/api/v2';\nexport const get = (id: string) => fetch(`${BASE}/campaigns/${id}`);\n");
        project.Write("jobs/sync.py", "import requests\nrequests.delete(f\"https://api.instantly.ai/api/v2/leads/{lead_id}\")\n");

        var result = await CliRunner.RunAsync("scopes", "infer", project.Path);

        Assert.Equal(ExitCodes.Clean, result.ExitCode);
        Assert.Matches(@"src/Client\.cs:1\s+POST\s+/api/v2/leads\s+leads:create", result.Stdout);
        Assert.Matches(@"web/api\.ts:2\s+GET\s+/api/v2/campaigns/\{id\}\s+campaigns:read", result.Stdout);
        Assert.Matches(@"jobs/sync\.py:2\s+DELETE\s+/api/v2/leads/\{id\}\s+leads:delete", result.Stdout);
        Assert.Contains("Least-privilege scopes: campaigns:read leads:create leads:delete", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_UnresolvedCall_ExitsOneAndListsIt()
    {
        using var project = new TempDirectory();
        project.Write("a.js", "fetch('https://api.instantly.ai/api/v2/campaign/list')\n");

        var result = await CliRunner.RunAsync("scopes", "infer", project.Path, "--json");

        Assert.Equal(ExitCodes.Findings, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var site = Assert.Single(json.RootElement.GetProperty("callSites").EnumerateArray());
        Assert.Equal("a.js", site.GetProperty("file").GetString());
        Assert.Equal("/api/v2/campaign/list", site.GetProperty("path").GetString());
        Assert.Contains("not an Instantly API v2 path", site.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_MissingDirectory_ExitsTwo()
    {
        var result = await CliRunner.RunAsync("scopes", "infer", "/nonexistent/" + Guid.NewGuid().ToString("N"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("does not exist", result.Stderr, StringComparison.Ordinal);
    }
}
