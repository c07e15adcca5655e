using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Keyward.Core.Scopes;
using Keyward.Core.Text;

namespace Keyward.Providers.Instantly;

/// <summary>Every Instantly API v2 operation (173) and the scopes each accepts.</summary>
/// <remarks>
/// <para>
/// The data is <c>instantly-endpoints.json</c> from the shared reference, embedded in this assembly and checked
/// at load: a documented operation must accept exactly <c>X:a, X:all, all:a, all:all</c>, or loading fails.
/// </para>
/// <para>Lookups accept concrete paths (<c>/api/v2/campaigns/0b9f…/analytics</c>), templates, full URLs, and
/// paths without the <c>/api/v2</c> prefix. The catalog is immutable and safe to share between threads.</para>
/// </remarks>
public sealed class InstantlyOperationCatalog
{
    /// <summary>The path prefix of every v2 operation.</summary>
    public const string PathPrefix = "/api/v2";

    private const string ResourceName = "Keyward.Providers.Instantly.instantly-endpoints.json";

    private static readonly Lazy<InstantlyOperationCatalog> LazyDefault = new(LoadEmbedded);

    private readonly InstantlyOperation[] _operations;
    private readonly Dictionary<string, InstantlyOperation> _byOperationId;
    private readonly HashSet<string> _topLevelSegments;

    private InstantlyOperationCatalog(InstantlyOperation[] operations)
    {
        _operations = operations;
        _byOperationId = operations.ToDictionary(o => o.OperationId, StringComparer.Ordinal);
        _topLevelSegments = operations
            .Select(o => OperationPath.Split(o.PathTemplate)[2])
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Gets the catalog embedded in this assembly.</summary>
    public static InstantlyOperationCatalog Default => LazyDefault.Value;

    /// <summary>Gets every operation, in the reference's order.</summary>
    public IReadOnlyList<InstantlyOperation> Operations => _operations;

    /// <summary>Gets the first path segments after <c>/api/v2</c>, such as <c>campaigns</c> and <c>api-keys</c>.</summary>
    public IReadOnlyCollection<string> TopLevelSegments => _topLevelSegments;

    /// <summary>Finds the operation for a method and a concrete path, URL or template.</summary>
    /// <param name="method">The HTTP method, in any case.</param>
    /// <param name="pathOrUrl">For example <c>/api/v2/campaigns/0b9f/analytics</c> or a full URL.</param>
    /// <param name="operation">The most specific matching operation.</param>
    /// <returns>Whether one matched.</returns>
    public bool TryFind(string method, string pathOrUrl, [NotNullWhen(true)] out InstantlyOperation? operation)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(pathOrUrl);
        operation = MatchPath(pathOrUrl)
            .FirstOrDefault(o => string.Equals(o.Method, method.Trim(), StringComparison.OrdinalIgnoreCase));
        return operation is not null;
    }

    /// <summary>Finds the operations a path can name, one per HTTP method, most specific template first.</summary>
    /// <param name="pathOrUrl">A concrete path, URL or template.</param>
    /// <returns>The candidates; empty when the path is not an Instantly v2 path.</returns>
    public IReadOnlyList<InstantlyOperation> FindByPath(string pathOrUrl)
    {
        ArgumentNullException.ThrowIfNull(pathOrUrl);
        return MatchPath(pathOrUrl).DistinctBy(o => o.Method).ToArray();
    }

    /// <summary>Finds an operation by its OpenAPI operation id.</summary>
    /// <param name="operationId">For example <c>activateCampaign</c>.</param>
    /// <returns>The operation, or <see langword="null"/>.</returns>
    public InstantlyOperation? FindByOperationId(string operationId) =>
        _byOperationId.GetValueOrDefault(operationId);

    /// <summary>Resolves <c>"METHOD PATH"</c> as a person types it, for example <c>"POST /api/v2/leads"</c>.</summary>
    /// <param name="methodAndPath">The method, white space, then a path, URL or template.</param>
    /// <returns>The operation.</returns>
    /// <exception cref="OperationNotFoundException">Nothing matches; the message says what would.</exception>
    public InstantlyOperation Resolve(string methodAndPath)
    {
        ArgumentNullException.ThrowIfNull(methodAndPath);
        var parts = methodAndPath.Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !IsHttpMethod(parts[0]))
        {
            throw new OperationNotFoundException(
                methodAndPath,
                $"'{methodAndPath}' is not of the form \"METHOD /api/v2/path\", for example \"GET /api/v2/campaigns\"");
        }

        if (TryFind(parts[0], parts[1], out var operation))
        {
            return operation;
        }

        var samePath = FindByPath(parts[1]);
        if (samePath.Count > 0)
        {
            var methods = string.Join(", ", samePath.Select(o => o.Method));
            throw new OperationNotFoundException(
                methodAndPath,
                $"{parts[0].ToUpperInvariant()} is not an operation on {samePath[0].PathTemplate}; it accepts {methods}");
        }

        var suggestion = Suggest(parts[1]);
        throw new OperationNotFoundException(
            methodAndPath,
            suggestion is null
                ? $"'{parts[1]}' is not an Instantly API v2 path; run 'keyward scopes list --operations' to see them all"
                : $"'{parts[1]}' is not an Instantly API v2 path; did you mean {suggestion}?");
    }

    /// <summary>Lists the operations that a key holding only <paramref name="scope"/> could call.</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>The operations, in catalog order.</returns>
    public IReadOnlyList<InstantlyOperation> OperationsAllowedBy(Scope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return _operations.Where(o => o.AcceptedScopes.Contains(scope)).ToArray();
    }

    /// <summary>Normalizes a path or URL to segments under <c>/api/v2</c>, or returns null for other paths.</summary>
    internal static string[]? NormalizeSegments(string pathOrUrl)
    {
        var path = pathOrUrl.Trim();
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var slash = path.IndexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path[slash..];
        }

        var end = path.IndexOfAny(['?', '#']);
        if (end >= 0)
        {
            path = path[..end];
        }

        var segments = OperationPath.Split(path);
        if (segments.Length >= 2 && segments[0] == "api" && segments[1] == "v2")
        {
            return segments;
        }

        if (segments.Length >= 1 && segments[0] == "api")
        {
            // Another API version (v1 keys do not work on v2, reference section 1); never guess.
            return null;
        }

        return ["api", "v2", .. segments];
    }

    internal static bool IsHttpMethod(string text) =>
        text.ToUpperInvariant() is "GET" or "POST" or "PUT" or "PATCH" or "DELETE" or "HEAD" or "OPTIONS";

    internal static InstantlyOperationCatalog Load(Stream json)
    {
        var entries = JsonSerializer.Deserialize(json, InstantlyCatalogJsonContext.Default.CatalogEntryArray)
            ?? throw new InvalidDataException("The Instantly operation catalog is empty.");
        return new InstantlyOperationCatalog(entries.Select(ToOperation).ToArray());
    }

    private static InstantlyOperationCatalog LoadEmbedded()
    {
        using var stream = typeof(InstantlyOperationCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from the build.");
        return Load(stream);
    }

    private static InstantlyOperation ToOperation(CatalogEntry entry)
    {
        var where = $"{entry.Method} {entry.Path}";
        if (!entry.Path.StartsWith(PathPrefix + "/", StringComparison.Ordinal) || !IsHttpMethod(entry.Method))
        {
            throw new InvalidDataException($"Catalog entry '{where}' is not an Instantly v2 operation.");
        }

        var evidence = entry.ScopeStatus switch
        {
            "documented-spec" => ScopeEvidence.Documented,
            "documented-guide" => ScopeEvidence.DocumentedInGuide,
            "undocumented" => ScopeEvidence.Inferred,
            _ => throw new InvalidDataException($"Catalog entry '{where}' has unknown scope_status '{entry.ScopeStatus}'."),
        };

        var documented = ParseScopes(entry.Scopes, where);
        var inferred = ParseScopes(entry.InferredScopes ?? [], where);
        var accepted = InstantlyScopeAssumptions.AcceptedScopes(evidence, documented, inferred);
        if (accepted.Count == 0)
        {
            throw new InvalidDataException($"Catalog entry '{where}' names no scope at all.");
        }

        // The acceptance rule (reference 2.2): the accepted list is exactly the four-tuple of the specific scope.
        var required = accepted[0];
        if (required.IsWildcard || !accepted.SequenceEqual(required.AcceptingScopes()))
        {
            throw new InvalidDataException(
                $"Catalog entry '{where}' accepts [{string.Join(", ", accepted)}], which is not X:a, X:all, all:a, all:all.");
        }

        if (evidence == ScopeEvidence.DocumentedInGuide && !documented.SequenceEqual([required]))
        {
            throw new InvalidDataException($"Catalog entry '{where}' documents a scope its inference does not start with.");
        }

        return new InstantlyOperation(
            entry.Method.ToUpperInvariant(),
            OperationPath.Parse(entry.Path),
            entry.Resource,
            entry.Tag,
            entry.OperationId,
            entry.Summary,
            required,
            accepted,
            evidence,
            entry.ScopeNote,
            entry.Notes);
    }

    private static Scope[] ParseScopes(IReadOnlyList<string> texts, string where)
    {
        var scopes = new Scope[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            if (!InstantlyScopes.Vocabulary.TryParse(texts[i], out var scope, out var error))
            {
                throw new InvalidDataException($"Catalog entry '{where}': {error.Message}", error);
            }

            scopes[i] = scope;
        }

        return scopes;
    }

    private IEnumerable<InstantlyOperation> MatchPath(string pathOrUrl)
    {
        var segments = NormalizeSegments(pathOrUrl);
        if (segments is null)
        {
            return [];
        }

        return _operations
            .Select(o => (operation: o, specificity: o.Path.Match(segments)))
            .Where(m => m.specificity >= 0)
            .OrderByDescending(m => m.specificity)
            .Select(m => m.operation);
    }

    private string? Suggest(string path)
    {
        var segments = NormalizeSegments(path);
        if (segments is null)
        {
            return null;
        }

        var wanted = "/" + string.Join('/', segments);
        return _operations
            .Select(o => o.PathTemplate)
            .Distinct(StringComparer.Ordinal)
            .Select(t => (template: t, distance: EditDistance.Compute(wanted, t)))
            .Where(c => c.distance <= Math.Max(2, wanted.Length / 6))
            .OrderBy(c => c.distance)
            .Select(c => c.template)
            .FirstOrDefault();
    }
}
