using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Keyward.Providers.Instantly;
using Keyward.Tests.Shared;

namespace Keyward.Providers.Tests.Instantly;

public class InstantlyOperationCatalogTests
{
    private static readonly InstantlyOperationCatalog Catalog = InstantlyOperationCatalog.Default;

    [Fact]
    public void Default_MatchesTheSharedReferenceExactly()
    {
        // The contract is ../shared/reference/instantly-endpoints.json; the embedded copy must not drift from it.
        using var reference = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.SharedReference("instantly-endpoints.json")));
        var entries = reference.RootElement.EnumerateArray().ToArray();

        Assert.Equal(173, entries.Length);
        Assert.Equal(entries.Length, Catalog.Operations.Count);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            var operation = Catalog.Operations[i];
            var where = $"{entry.GetProperty("method").GetString()} {entry.GetProperty("path").GetString()}";
            Assert.True(entry.GetProperty("method").GetString() == operation.Method, where);
            Assert.True(entry.GetProperty("path").GetString() == operation.PathTemplate, where);
            Assert.True(entry.GetProperty("operation_id").GetString() == operation.OperationId, where);
            var status = entry.GetProperty("scope_status").GetString();
            var expectedAccepted = status == "documented-spec"
                ? Strings(entry.GetProperty("scopes"))
                : Strings(entry.GetProperty("inferred_scopes"));
            Assert.Equal(expectedAccepted, operation.AcceptedScopes.Select(s => s.ToString()));
            Assert.True((status == "documented-spec") == !operation.IsScopeInferred, where);
            if (status != "undocumented")
            {
                Assert.Equal(Strings(entry.GetProperty("scopes"))[0], operation.RequiredScope.ToString());
            }
        }
    }

    [Fact]
    public void EmbeddedCopy_IsByteForByteTheSharedReference()
    {
        var embedded = File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "src", "Keyward.Providers", "Instantly", "instantly-endpoints.json"));
        var shared = File.ReadAllBytes(RepositoryPaths.SharedReference("instantly-endpoints.json"));

        Assert.True(embedded.AsSpan().SequenceEqual(shared), "Copy shared/reference/instantly-endpoints.json into src/Keyward.Providers/Instantly/.");
    }

    [Fact]
    public void Operations_EveryDocumentedOperationAcceptsExactlyTheFourTuple()
    {
        foreach (var operation in Catalog.Operations)
        {
            Assert.False(operation.RequiredScope.IsWildcard, operation.Key);
            Assert.Equal(operation.RequiredScope.AcceptingScopes(), operation.AcceptedScopes);
        }

        Assert.Equal(146, Catalog.Operations.Count(o => o.Evidence == ScopeEvidence.Documented));
        Assert.Equal(3, Catalog.Operations.Count(o => o.Evidence == ScopeEvidence.DocumentedInGuide));
        Assert.Equal(24, Catalog.Operations.Count(o => o.Evidence == ScopeEvidence.Inferred));
    }

    [Theory]
    [InlineData("GET", "/api/v2/campaigns/0b9f3c1e-7a3b-4c4d-9e5f-0123456789ab/sending-status", "/api/v2/campaigns/{id}/sending-status")]
    [InlineData("GET", "/api/v2/campaigns/analytics", "/api/v2/campaigns/analytics")]
    [InlineData("GET", "/api/v2/campaigns/analytics?id=123&start_date=2026-01-01", "/api/v2/campaigns/analytics")]
    [InlineData("GET", "/api/v2/campaigns/0b9f3c1e", "/api/v2/campaigns/{id}")]
    [InlineData("post", "https://api.instantly.ai/api/v2/campaigns/abc/activate", "/api/v2/campaigns/{id}/activate")]
    [InlineData("GET", "/campaigns", "/api/v2/campaigns")]
    [InlineData("GET", "/api/v2/campaigns/", "/api/v2/campaigns")]
    [InlineData("POST", "/api/v2/supersearch-enrichment", "/api/v2/supersearch-enrichment/")]
    [InlineData("GET", "/api/v2/workspaces/current", "/api/v2/workspaces/current")]
    [InlineData("GET", "/api/v2/accounts/sales@acme.example", "/api/v2/accounts/{email}")]
    [InlineData("GET", "/api/v2/campaigns/{campaign_id}", "/api/v2/campaigns/{id}")]
    public void TryFind_ConcretePath_ResolvesToMostSpecificTemplate(string method, string path, string template)
    {
        Assert.True(Catalog.TryFind(method, path, out var operation));
        Assert.Equal(template, operation.PathTemplate);
    }

    [Theory]
    [InlineData("GET", "/api/v2/campaigns/0b9f/analytics")]
    [InlineData("GET", "/api/v1/campaign/list")]
    [InlineData("PUT", "/api/v2/campaigns")]
    [InlineData("GET", "/api/v2/{x}/analytics")]
    [InlineData("GET", "/api/v2/nothing-here")]
    public void TryFind_NotAnOperation_ReturnsFalse(string method, string path)
    {
        Assert.False(Catalog.TryFind(method, path, out _));
    }

    [Fact]
    public void TryFind_AnyTemplateWithConcreteValues_ResolvesToThatOperation()
    {
        var literals = Catalog.Operations.SelectMany(o => o.PathTemplate.Split('/')).ToHashSet();
        var values = Gen.Elements("0b9f3c1e-7a3b-4c4d-9e5f-0123456789ab", "x1", "sales@acme.example", "64f0c0ffee", "42")
            .Where(v => !literals.Contains(v));
        var gen =
            from operation in Gen.Elements(Catalog.Operations.ToArray())
            from value in values
            select (operation, value);
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var concrete = string.Join('/', t.operation.PathTemplate.Split('/').Select(s => s.StartsWith('{') ? t.value : s));
            return Catalog.TryFind(t.operation.Method, concrete, out var found) && found == t.operation;
        }));
    }

    [Fact]
    public void Resolve_WrongMethod_ListsTheMethodsThePathAccepts()
    {
        var error = Assert.Throws<OperationNotFoundException>(() => Catalog.Resolve("PUT /api/v2/leads/abc"));

        Assert.Contains("it accepts GET, PATCH, DELETE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_TypoInPath_SuggestsTheClosestTemplate()
    {
        var error = Assert.Throws<OperationNotFoundException>(() => Catalog.Resolve("GET /api/v2/campaign"));

        Assert.Contains("did you mean /api/v2/campaigns?", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v2/campaigns")]
    [InlineData("FETCH /api/v2/campaigns")]
    [InlineData("")]
    public void Resolve_NotMethodAndPath_ExplainsTheForm(string text)
    {
        var error = Assert.Throws<OperationNotFoundException>(() => Catalog.Resolve(text));

        Assert.Contains("METHOD /api/v2/path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OperationsAllowedBy_Wildcards_CoverEveryOperationTheyShould()
    {
        Assert.Equal(173, Catalog.OperationsAllowedBy(Core.Scopes.Scope.Everything).Count);
        var readOnly = Catalog.OperationsAllowedBy(Core.Scopes.Scope.Parse("all:read"));
        Assert.All(readOnly, o => Assert.Equal(Core.Scopes.ScopeAction.Read, o.RequiredScope.Action));
        Assert.Contains(readOnly, o => o.Key == "POST /api/v2/leads/list");
        Assert.Equal(13, Catalog.OperationsAllowedBy(Core.Scopes.Scope.Parse("leads:all")).Count);
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
