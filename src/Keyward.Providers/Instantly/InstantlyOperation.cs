using Keyward.Core.Scopes;

namespace Keyward.Providers.Instantly;

/// <summary>One Instantly API v2 operation, with the scopes that allow it.</summary>
/// <remarks>Instances come from <see cref="InstantlyOperationCatalog"/>; they are immutable.</remarks>
public sealed class InstantlyOperation
{
    private readonly OperationPath _path;

    internal InstantlyOperation(
        string method,
        OperationPath path,
        string pathResource,
        string tag,
        string operationId,
        string summary,
        Scope requiredScope,
        IReadOnlyList<Scope> acceptedScopes,
        ScopeEvidence evidence,
        string? scopeNote,
        string? notes)
    {
        Method = method;
        _path = path;
        PathResource = pathResource;
        Tag = tag;
        OperationId = operationId;
        Summary = summary;
        RequiredScope = requiredScope;
        AcceptedScopes = acceptedScopes;
        Evidence = evidence;
        ScopeNote = scopeNote;
        Notes = notes;
    }

    /// <summary>Gets the HTTP method in upper case, for example <c>GET</c>.</summary>
    public string Method { get; }

    /// <summary>Gets the path template, for example <c>/api/v2/campaigns/{id}/activate</c>.</summary>
    public string PathTemplate => _path.Template;

    /// <summary>Gets the resource as the URL spells it, for example <c>block-lists-entries</c>.</summary>
    /// <remarks>Scope names often differ: that resource's scopes are <c>block_list_entries:*</c>.</remarks>
    public string PathResource { get; }

    /// <summary>Gets the OpenAPI tag, for example <c>Campaign</c>.</summary>
    public string Tag { get; }

    /// <summary>Gets the OpenAPI operation id, for example <c>activateCampaign</c>.</summary>
    public string OperationId { get; }

    /// <summary>Gets the vendor's one-line summary.</summary>
    public string Summary { get; }

    /// <summary>Gets the narrowest scope that allows the operation, for example <c>campaigns:update</c>.</summary>
    public Scope RequiredScope { get; }

    /// <summary>Gets every scope that allows the operation, narrowest first.</summary>
    public IReadOnlyList<Scope> AcceptedScopes { get; }

    /// <summary>Gets how sure we are of <see cref="AcceptedScopes"/>.</summary>
    public ScopeEvidence Evidence { get; }

    /// <summary>Gets a value indicating whether any part of the scope requirement is our inference.</summary>
    /// <remarks>Show the word "inferred" next to such scopes wherever they are displayed.</remarks>
    public bool IsScopeInferred => Evidence != ScopeEvidence.Documented;

    /// <summary>Gets why the scope is uncertain, when the reference says.</summary>
    public string? ScopeNote { get; }

    /// <summary>Gets the reference's notes: sensitive fields, special status codes, limits.</summary>
    public string? Notes { get; }

    /// <summary>Gets <c>METHOD /path/template</c>.</summary>
    public string Key => $"{Method} {PathTemplate}";

    /// <summary>Tells whether a key holding <paramref name="scopes"/> may call this operation.</summary>
    /// <param name="scopes">The key's scopes.</param>
    /// <returns>Whether any held scope is in <see cref="AcceptedScopes"/>.</returns>
    public bool IsAllowedBy(ScopeSet scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        return AcceptedScopes.Any(scopes.Contains);
    }

    /// <summary>Reads the path parameters (<c>{id}</c>, <c>{email}</c>, ...) of a concrete path of this operation.</summary>
    /// <param name="path">A path this operation matches, such as <c>/api/v2/campaigns/0192...</c>.</param>
    /// <returns>Each parameter name, without braces, and its unescaped value.</returns>
    public IReadOnlyDictionary<string, string> BindPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var names = OperationPath.Split(PathTemplate);
        var values = OperationPath.Split(path);
        var offset = values.Length - names.Length;
        var bound = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length && offset >= 0; i++)
        {
            if (OperationPath.IsPlaceholder(names[i]))
            {
                bound[names[i].Trim('{', '}')] = Uri.UnescapeDataString(values[i + offset]);
            }
        }

        return bound;
    }

    /// <inheritdoc/>
    public override string ToString() => Key;

    internal OperationPath Path => _path;
}
