using System.Diagnostics.CodeAnalysis;
using Keyward.Core.Text;

namespace Keyward.Core.Scopes;

/// <summary>The resources and actions one vendor accepts, used to validate scopes typed by people.</summary>
/// <remarks>
/// Grammar alone (<see cref="Scope.Parse"/>) accepts <c>lead:read</c>; a vocabulary rejects it and suggests
/// <c>leads:read</c>. Instances are immutable and safe to share between threads.
/// </remarks>
public sealed class ScopeVocabulary
{
    private const int MaxSuggestions = 3;

    private readonly Dictionary<string, ScopeAction[]> _actionsByResource;
    private readonly string[] _allScopeTexts;

    /// <summary>Initializes a new instance of the <see cref="ScopeVocabulary"/> class.</summary>
    /// <param name="vendor">The vendor's display name, used in error messages.</param>
    /// <param name="actionsByResource">
    /// Each known resource with the actions it supports. The <c>all</c> resource is added with every action.
    /// </param>
    /// <exception cref="ArgumentException">A resource name breaks the scope grammar.</exception>
    public ScopeVocabulary(string vendor, IReadOnlyDictionary<string, IReadOnlyList<ScopeAction>> actionsByResource)
    {
        ArgumentNullException.ThrowIfNull(vendor);
        ArgumentNullException.ThrowIfNull(actionsByResource);
        Vendor = vendor;
        _actionsByResource = new Dictionary<string, ScopeAction[]>(StringComparer.Ordinal)
        {
            [Scope.AllResources] = [.. ScopeGrammar.Actions],
        };
        foreach (var (resource, actions) in actionsByResource)
        {
            if (!ScopeGrammar.IsValidResource(resource))
            {
                throw new ArgumentException($"'{resource}' is not a valid scope resource.", nameof(actionsByResource));
            }

            _actionsByResource[resource] = [.. actions.Distinct().Order()];
        }

        Scopes = _actionsByResource
            .SelectMany(pair => pair.Value.Select(action => Scope.Create(pair.Key, action)))
            .Order()
            .ToArray();
        _allScopeTexts = Scopes.Select(s => s.ToString()).ToArray();
    }

    /// <summary>Gets the vendor's display name.</summary>
    public string Vendor { get; }

    /// <summary>Gets every valid scope, sorted.</summary>
    public IReadOnlyList<Scope> Scopes { get; }

    /// <summary>Gets the known resource names, including <c>all</c>, sorted.</summary>
    public IEnumerable<string> Resources => _actionsByResource.Keys.Order(StringComparer.Ordinal);

    /// <summary>Tells whether the vocabulary knows the scope.</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>Whether the vendor accepts it.</returns>
    public bool IsKnown(Scope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return _actionsByResource.TryGetValue(scope.Resource, out var actions) && actions.Contains(scope.Action);
    }

    /// <summary>Parses and validates one scope typed by a person.</summary>
    /// <param name="text">For example <c>leads:read</c>.</param>
    /// <returns>The scope.</returns>
    /// <exception cref="ScopeFormatException">The text is malformed or unknown; the exception carries suggestions.</exception>
    public Scope Parse(string text) =>
        TryParse(text, out var scope, out var error) ? scope : throw error;

    /// <summary>Parses and validates scopes separated by spaces or commas.</summary>
    /// <param name="text">For example <c>"leads:read, campaigns:read"</c>.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ScopeFormatException">A scope is malformed or unknown; the first such is reported.</exception>
    public ScopeSet ParseSet(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new ScopeSet(ScopeSet.Split(text).Select(Parse));
    }

    /// <summary>Tries to parse and validate one scope.</summary>
    /// <param name="text">The text.</param>
    /// <param name="scope">The scope, on success.</param>
    /// <param name="error">What is wrong and the closest valid scopes, on failure.</param>
    /// <returns>Whether the text is a known scope.</returns>
    public bool TryParse(
        string? text,
        [NotNullWhen(true)] out Scope? scope,
        [NotNullWhen(false)] out ScopeFormatException? error)
    {
        var trimmed = text?.Trim();
        if (Scope.TryParse(trimmed, out scope, out var grammarError))
        {
            if (IsKnown(scope))
            {
                error = null;
                return true;
            }

            error = Unknown(trimmed!, scope);
            scope = null;
            return false;
        }

        var suggestions = Suggest(trimmed ?? string.Empty);
        error = new ScopeFormatException(trimmed ?? string.Empty, WithSuggestions(grammarError, suggestions), suggestions);
        return false;
    }

    private ScopeFormatException Unknown(string text, Scope scope)
    {
        string reason;
        if (_actionsByResource.TryGetValue(scope.Resource, out var actions))
        {
            var allowed = string.Join(", ", actions.Select(ScopeGrammar.FormatAction));
            reason = $"{Vendor} has no scope '{text}': {scope.Resource} supports only {allowed}";
        }
        else
        {
            reason = $"{Vendor} has no resource '{scope.Resource}'";
        }

        var suggestions = Suggest(text);
        return new ScopeFormatException(text, WithSuggestions(reason, suggestions), suggestions);
    }

    private static string WithSuggestions(string reason, string[] suggestions) =>
        suggestions.Length == 0
            ? $"{reason}; run 'keyward scopes list' to see every scope"
            : $"{reason}; did you mean {string.Join(" or ", suggestions)}?";

    private string[] Suggest(string text)
    {
        var normalized = text.Trim().ToLowerInvariant().Replace('.', ':').Replace('/', ':').Replace(' ', '_');
        if (normalized.Length == 0)
        {
            return [];
        }

        // Allow roughly one typo per four characters, and never fewer than three edits.
        var budget = Math.Max(3, normalized.Length / 4);
        return _allScopeTexts
            .Select(candidate => (candidate, distance: EditDistance.Compute(normalized, candidate)))
            .Where(pair => pair.distance <= budget)
            .OrderBy(pair => pair.distance)
            .ThenBy(pair => pair.candidate, StringComparer.Ordinal)
            .Take(MaxSuggestions)
            .Select(pair => pair.candidate)
            .ToArray();
    }
}
