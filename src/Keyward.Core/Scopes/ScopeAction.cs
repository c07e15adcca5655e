namespace Keyward.Core.Scopes;

/// <summary>The action half of a <c>resource:action</c> scope.</summary>
/// <remarks>
/// <see cref="All"/> is a wildcard over the other four. No other action implies another: <c>update</c> does not
/// grant <c>read</c> (Instantly API v2 reference, section 2.2).
/// </remarks>
public enum ScopeAction
{
    /// <summary>Every action on the resource.</summary>
    All = 0,

    /// <summary>Create new objects.</summary>
    Create = 1,

    /// <summary>Read or list objects.</summary>
    Read = 2,

    /// <summary>Change existing objects.</summary>
    Update = 3,

    /// <summary>Delete objects.</summary>
    Delete = 4,
}
