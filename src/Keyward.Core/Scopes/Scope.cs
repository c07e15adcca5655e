using System.Diagnostics.CodeAnalysis;

namespace Keyward.Core.Scopes;

/// <summary>One permission of the form <c>resource:action</c>, such as <c>leads:read</c> or <c>all:all</c>.</summary>
/// <remarks>
/// <para>
/// This type checks the grammar only: a lowercase resource name of letters and digits joined by <c>_</c> or
/// <c>-</c> (Instantly spells most resources in snake_case but <c>lead-labels</c> and <c>background-jobs</c> with
/// hyphens), a colon, and one of the five actions. Whether a vendor knows the resource is the job of
/// <see cref="ScopeVocabulary"/>; parse user input through a vocabulary so typos get suggestions.
/// </para>
/// <para>Instances are immutable and safe to share between threads.</para>
/// </remarks>
public sealed class Scope : IEquatable<Scope>, IComparable<Scope>
{
    /// <summary>The resource name that stands for every resource.</summary>
    public const string AllResources = "all";

    /// <summary>The scope that grants everything, <c>all:all</c>.</summary>
    public static readonly Scope Everything = new(AllResources, ScopeAction.All);

    private Scope(string resource, ScopeAction action)
    {
        Resource = resource;
        Action = action;
    }

    /// <summary>Gets the resource name, for example <c>leads</c>, or <c>all</c> for every resource.</summary>
    public string Resource { get; }

    /// <summary>Gets the action.</summary>
    public ScopeAction Action { get; }

    /// <summary>Gets a value indicating whether the resource is the <c>all</c> wildcard.</summary>
    public bool IsAnyResource => Resource == AllResources;

    /// <summary>Gets a value indicating whether this scope is a wildcard in its resource or its action.</summary>
    public bool IsWildcard => IsAnyResource || Action == ScopeAction.All;

    /// <summary>Gets a value indicating whether the scope allows more than reading.</summary>
    public bool AllowsWrites => Action != ScopeAction.Read;

    /// <summary>Creates a scope from its parts, checking the resource grammar.</summary>
    /// <param name="resource">The resource name.</param>
    /// <param name="action">The action.</param>
    /// <returns>The scope.</returns>
    /// <exception cref="FormatException">The resource name is not a valid scope resource.</exception>
    public static Scope Create(string resource, ScopeAction action)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (!ScopeGrammar.IsValidResource(resource))
        {
            throw new FormatException($"'{resource}' is not a valid scope resource: use lowercase letters and digits joined by '_' or '-'.");
        }

        return new Scope(resource, action);
    }

    /// <summary>Parses <c>resource:action</c> by grammar alone.</summary>
    /// <param name="text">The text to parse.</param>
    /// <returns>The scope.</returns>
    /// <exception cref="FormatException">The text is not of the form <c>resource:action</c>; the message says why.</exception>
    public static Scope Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var scope, out var error) ? scope : throw new FormatException(error);
    }

    /// <summary>Tries to parse <c>resource:action</c> by grammar alone.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="scope">The parsed scope, when this returns <see langword="true"/>.</param>
    /// <param name="error">Why the text is invalid, when this returns <see langword="false"/>.</param>
    /// <returns>Whether the text is a scope.</returns>
    public static bool TryParse(
        [NotNullWhen(true)] string? text,
        [NotNullWhen(true)] out Scope? scope,
        [NotNullWhen(false)] out string? error)
    {
        scope = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "a scope cannot be empty; write it as resource:action, for example leads:read";
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || colon != text.LastIndexOf(':'))
        {
            error = $"'{text}' is not of the form resource:action (exactly one ':'), for example leads:read";
            return false;
        }

        var resource = text[..colon];
        var actionText = text[(colon + 1)..];
        if (!ScopeGrammar.IsValidResource(resource))
        {
            error = $"'{resource}' in '{text}' is not a valid scope resource: use lowercase letters and digits joined by '_' or '-'";
            return false;
        }

        if (!ScopeGrammar.TryParseAction(actionText, out var action))
        {
            error = $"'{actionText}' in '{text}' is not an action; use one of all, create, read, update, delete";
            return false;
        }

        scope = new Scope(resource, action);
        error = null;
        return true;
    }

    /// <summary>Tells whether holding this scope satisfies a requirement for <paramref name="required"/>.</summary>
    /// <param name="required">The scope an operation needs, for example <c>leads:read</c>.</param>
    /// <returns>
    /// <see langword="true"/> when this scope is <paramref name="required"/> itself or a wildcard over it:
    /// <c>X:a</c> is covered by <c>X:a</c>, <c>X:all</c>, <c>all:a</c> and <c>all:all</c>, and by nothing else.
    /// </returns>
    public bool Covers(Scope required)
    {
        ArgumentNullException.ThrowIfNull(required);
        var resourceCovered = IsAnyResource || Resource == required.Resource;
        var actionCovered = Action == ScopeAction.All || Action == required.Action;
        return resourceCovered && actionCovered;
    }

    /// <summary>Lists the four scopes that satisfy this one when it is required, narrowest first.</summary>
    /// <returns><c>X:a</c>, <c>X:all</c>, <c>all:a</c>, <c>all:all</c>, without duplicates.</returns>
    public IReadOnlyList<Scope> AcceptingScopes()
    {
        var candidates = new[]
        {
            this,
            new Scope(Resource, ScopeAction.All),
            new Scope(AllResources, Action),
            Everything,
        };
        return candidates.Distinct().ToArray();
    }

    /// <inheritdoc/>
    public bool Equals(Scope? other) =>
        other is not null && Action == other.Action && string.Equals(Resource, other.Resource, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Scope);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Resource), Action);

    /// <summary>Orders by resource name, then by action (<c>all</c> first).</summary>
    /// <param name="other">The scope to compare with.</param>
    /// <returns>A negative number, zero, or a positive number.</returns>
    public int CompareTo(Scope? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byResource = string.CompareOrdinal(Resource, other.Resource);
        return byResource != 0 ? byResource : Action.CompareTo(other.Action);
    }

    /// <summary>Returns the scope as <c>resource:action</c>.</summary>
    /// <returns>The canonical text.</returns>
    public override string ToString() => $"{Resource}:{ScopeGrammar.FormatAction(Action)}";

    /// <summary>Compares two scopes for equality.</summary>
    /// <param name="left">The left scope.</param>
    /// <param name="right">The right scope.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(Scope? left, Scope? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Compares two scopes for inequality.</summary>
    /// <param name="left">The left scope.</param>
    /// <param name="right">The right scope.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(Scope? left, Scope? right) => !(left == right);

    /// <summary>Orders two scopes.</summary>
    /// <param name="left">The left scope.</param>
    /// <param name="right">The right scope.</param>
    /// <returns>Whether <paramref name="left"/> sorts first.</returns>
    public static bool operator <(Scope? left, Scope? right) => left is null ? right is not null : left.CompareTo(right) < 0;

    /// <summary>Orders two scopes.</summary>
    /// <param name="left">The left scope.</param>
    /// <param name="right">The right scope.</param>
    /// <returns>Whether <paramref name="left"/> sorts first or equal.</returns>
    public static bool operator <=(Scope? left, Scope? right) => left is null || left.CompareTo(right) <= 0;

    /// <summary>Orders two scopes.</summary>
    /// <param name="left">The left scope.</param>
    /// <param name="right">The right scope.</param>
    /// <returns>Whether <paramref name="left"/> sorts last.</returns>
    public static bool operator >(Scope? left, Scope? right) => left is not null && left.CompareTo(right) > 0;

    /// <summary>Orders two scopes.</summary>
    /// <param name="left">The left scope.</param>
    /// <param name="right">The right scope.</param>
    /// <returns>Whether <paramref name="left"/> sorts last or equal.</returns>
    public static bool operator >=(Scope? left, Scope? right) => left is null ? right is null : left.CompareTo(right) >= 0;
}
