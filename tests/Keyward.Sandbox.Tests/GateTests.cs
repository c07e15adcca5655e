using System.Text.Json.Nodes;
using Keyward.Providers.Instantly;

namespace Keyward.Sandbox.Tests;

public sealed class GateTests : SandboxTest
{

    public static TheoryData<string, string> AllOperations
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var operation in InstantlyOperationCatalog.Default.Operations)
            {
                data.Add(operation.Method, Concrete(operation.PathTemplate));
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(AllOperations))]
    public async Task EveryCatalogOperation_WithoutAKey_Is401WithTheErrorEnvelope(string method, string path)
    {
        var (status, body, _) = await Client.SendAsync(new HttpMethod(method), path, key: null);

        Assert.Equal(401, status);
        Assert.Equal(401, (int)body!["statusCode"]!);
        Assert.Equal("Unauthorized", (string?)body["error"]);
        Assert.Equal("Missing Authorization header", (string?)body["message"]);
    }

    [Fact]
    public async Task UnknownKey_Is401()
    {
        var (status, body, _) = await Client.GetAsync("/api/v2/campaigns", "bm90LWEta2V5");

        Assert.Equal(401, status);
        Assert.Equal(SandboxAssumptions.InvalidKeyMessage, (string?)body!["message"]);
    }

    [Fact]
    public async Task KeyWithoutTheScope_Is403NamingTheScopesThatWouldBeAccepted_AndNothingChanges()
    {
        var (_, reader) = await Client.CreateKeyAsync("reader", "campaigns:read");

        var (listStatus, _, _) = await Client.GetAsync("/api/v2/campaigns", reader);
        var (status, body, _) = await Client.PostAsync("/api/v2/campaigns", new JsonObject { ["name"] = "blocked" }, reader);
        var (_, after, _) = await Client.GetAsync("/api/v2/campaigns");

        Assert.Equal(200, listStatus);
        Assert.Equal(403, status);
        Assert.Equal("Forbidden", (string?)body!["error"]);
        var message = (string)body["message"]!;
        Assert.Contains("POST /api/v2/campaigns", message, StringComparison.Ordinal);
        Assert.Contains("campaigns:create, campaigns:all, all:create, all:all", message, StringComparison.Ordinal);
        Assert.Empty(after!["items"]!.AsArray());
    }

    [Fact]
    public async Task WildcardScopes_CoverWhatTheGrammarSays()
    {
        var (_, readAll) = await Client.CreateKeyAsync("read-all", "all:read");

        Assert.Equal(200, (await Client.GetAsync("/api/v2/webhooks", readAll)).Status);
        Assert.Equal(200, (await Client.GetAsync("/api/v2/workspaces/current", readAll)).Status);
        Assert.Equal(403, (await Client.PostAsync("/api/v2/lead-lists", new JsonObject { ["name"] = "x" }, readAll)).Status);
    }

    [Fact]
    public async Task OperationTheSandboxDoesNotModel_Is501AfterAuthAndScope()
    {
        var (_, campaignsOnly) = await Client.CreateKeyAsync("campaigns", "campaigns:all");

        var denied = await Client.GetAsync("/api/v2/emails", campaignsOnly);
        var unmodelled = await Client.GetAsync("/api/v2/emails");

        Assert.Equal(403, denied.Status);
        Assert.Equal(501, unmodelled.Status);
        Assert.Equal("Not Implemented", (string?)unmodelled.Body!["error"]);
        Assert.Contains("GET /api/v2/emails", (string)unmodelled.Body["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouteOutsideTheCatalog_Is404()
    {
        var (status, body, _) = await Client.GetAsync("/api/v2/no-such-thing");

        Assert.Equal(404, status);
        Assert.Equal("Route GET:/api/v2/no-such-thing not found", (string?)body!["message"]);
    }

    [Fact]
    public async Task MalformedBody_Is400NamingTheProblem()
    {
        var (status, body, _) = await Client.SendAsync(HttpMethod.Post, "/api/v2/lead-lists", Client.AdminKey, JsonValue.Create("just a string"));
        var missing = await Client.PostAsync("/api/v2/lead-lists", new JsonObject());

        Assert.Equal(400, status);
        Assert.Equal("body must be object", (string?)body!["message"]);
        Assert.Equal(400, missing.Status);
        Assert.Equal("body must have required property 'name'", (string?)missing.Body!["message"]);
    }

    private static string Concrete(string template) =>
        string.Join('/', template.Split('/').Select(s => s.StartsWith('{') ? "0192f1c2-7a3b-7c4d-9e5f-0123456789ab" : s));
}
