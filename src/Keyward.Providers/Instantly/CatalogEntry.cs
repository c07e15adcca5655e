namespace Keyward.Providers.Instantly;

/// <summary>One row of <c>instantly-endpoints.json</c>, as written in the reference.</summary>
internal sealed record CatalogEntry(
    string Method,
    string Path,
    string Resource,
    string Tag,
    string OperationId,
    string Summary,
    IReadOnlyList<string> Scopes,
    string ScopeStatus,
    IReadOnlyList<string>? InferredScopes,
    string? ScopeNote,
    string? Notes);
