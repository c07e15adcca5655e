namespace Keyward.Providers.Instantly;

/// <summary>How sure we are of the scopes an operation accepts.</summary>
public enum ScopeEvidence
{
    /// <summary>The OpenAPI specification states the accepted scopes.</summary>
    Documented = 0,

    /// <summary>A vendor guide names the specific scope; that the wildcards also satisfy it is inferred.</summary>
    DocumentedInGuide = 1,

    /// <summary>No vendor material states a scope; ours is inferred from the resource and the action.</summary>
    Inferred = 2,
}
