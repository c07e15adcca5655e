using System.Collections;

namespace Keyward.Core.Scopes;

/// <summary>The scopes an API key holds, with the vendor's rule for whether they allow an operation.</summary>
/// <remarks>
/// <para>
/// An operation that needs <c>X:a</c> is allowed by <c>X:a</c>, <c>X:all</c>, <c>all:a</c> or <c>all:all</c>, and
/// by nothing else: no action implies another (Instantly API v2 reference, section 2.2, verified across all 146
/// operations with a documented scope).
/// </para>
/// <para>The set is immutable, sorted and free of duplicates; it is safe to share between threads.</para>
/// </remarks>
public sealed class ScopeSet : IReadOnlyCollection<Scope>, IEquatable<ScopeSet>
{
    private static readonly char[] Separators = [' ', ',', '\t', '\r', '\n'];

    private readonly Scope[] _scopes;

    /// <summary>Initializes a new instance of the <see cref="ScopeSet"/> class.</summary>
    /// <param name="scopes">The scopes; duplicates are removed.</param>
    public ScopeSet(IEnumerable<Scope> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        _scopes = scopes.Distinct().Order().ToArray();
    }

    /// <summary>Gets the empty set, which allows nothing.</summary>
    public static ScopeSet Empty { get; } = new([]);

    /// <inheritdoc/>
    public int Count => _scopes.Length;

    /// <summary>Parses scopes separated by spaces or commas, by grammar alone.</summary>
    /// <param name="text">For example <c>"leads:read campaigns:read"</c>.</param>
    /// <returns>The set.</returns>
    /// <exception cref="FormatException">A scope is malformed; the message names it.</exception>
    /// <remarks>Prefer <see cref="ScopeVocabulary.ParseSet(string)"/> for user input: it also rejects unknown resources.</remarks>
    public static ScopeSet Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new ScopeSet(Split(text).Select(Scope.Parse));
    }

    /// <summary>Tells whether the set allows an operation that needs <paramref name="required"/>.</summary>
    /// <param name="required">The specific scope the operation needs.</param>
    /// <returns>Whether any held scope covers it.</returns>
    public bool Allows(Scope required)
    {
        ArgumentNullException.ThrowIfNull(required);
        foreach (var scope in _scopes)
        {
            if (scope.Covers(required))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Tells whether the set holds exactly this scope (not merely a wildcard over it).</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>Whether it is a member.</returns>
    public bool Contains(Scope scope) => Array.BinarySearch(_scopes, scope) >= 0;

    /// <summary>Returns the held scopes that would allow <paramref name="required"/>.</summary>
    /// <param name="required">The specific scope an operation needs.</param>
    /// <returns>The covering scopes, narrowest first.</returns>
    public IReadOnlyList<Scope> CoveringScopes(Scope required)
    {
        ArgumentNullException.ThrowIfNull(required);
        return required.AcceptingScopes().Where(Contains).ToArray();
    }

    /// <summary>Returns a set with <paramref name="scope"/> added.</summary>
    /// <param name="scope">The scope to add.</param>
    /// <returns>A new set.</returns>
    public ScopeSet Add(Scope scope) => new(_scopes.Append(scope));

    /// <inheritdoc/>
    public IEnumerator<Scope> GetEnumerator() => ((IEnumerable<Scope>)_scopes).GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(ScopeSet? other) => other is not null && _scopes.AsSpan().SequenceEqual(other._scopes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ScopeSet);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var scope in _scopes)
        {
            hash.Add(scope);
        }

        return hash.ToHashCode();
    }

    /// <summary>Returns the scopes separated by single spaces, sorted.</summary>
    /// <returns>Text that <see cref="Parse"/> reads back to an equal set.</returns>
    public override string ToString() => string.Join(' ', _scopes.Select(s => s.ToString()));

    internal static string[] Split(string text) => text.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
}
