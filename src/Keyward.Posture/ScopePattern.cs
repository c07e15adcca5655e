using Keyward.Core.Scopes;

namespace Keyward.Posture;

/// <summary>A scope a policy forbids: an exact scope such as <c>all:all</c>, or a pattern with <c>*</c> for any resource
/// or action, such as <c>*:delete</c> (any scope that can delete).</summary>
public sealed class ScopePattern
{
    private const string Any = "*";

    private ScopePattern(string resource, string action)
    {
        Resource = resource;
        Action = action;
    }

    /// <summary>Gets the resource, or <c>*</c> for any.</summary>
    public string Resource { get; }

    /// <summary>Gets the action, or <c>*</c> for any.</summary>
    public string Action { get; }

    /// <summary>Parses a pattern that is known to be valid, such as a default.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The pattern.</returns>
    /// <exception cref="FormatException">It is not a pattern.</exception>
    public static ScopePattern Parse(string text) =>
        TryParse(text, out var pattern) ? pattern : throw new FormatException($"'{text}' is not a scope such as all:all or a pattern such as *:delete");

    /// <summary>Parses <c>resource:action</c>, either part possibly <c>*</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="pattern">The pattern, when valid.</param>
    /// <returns>Whether the text is a pattern.</returns>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ScopePattern? pattern)
    {
        pattern = null;
        var parts = text?.Trim().Split(':') ?? [];
        if (parts.Length != 2 || parts.Any(p => p.Length == 0))
        {
            return false;
        }

        // Without wildcards it must be a real scope; with them, the other part must be one a scope could have.
        var resource = parts[0] == Any ? "all" : parts[0];
        var action = parts[1] == Any ? "all" : parts[1];
        if (!Scope.TryParse($"{resource}:{action}", out _, out _))
        {
            return false;
        }

        pattern = new ScopePattern(parts[0], parts[1]);
        return true;
    }

    /// <summary>Tells whether a held scope is forbidden by this pattern: it names the same resource and action
    /// (<c>*</c> matching any). <c>all:all</c> matches only <c>all:all</c> itself.</summary>
    /// <param name="scope">The held scope.</param>
    /// <returns>True when the pattern forbids it.</returns>
    public bool Matches(Scope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var parts = scope.ToString().Split(':');
        return (Resource == Any || Resource == parts[0]) && (Action == Any || Action == parts[1]);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Resource}:{Action}";
}
