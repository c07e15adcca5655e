namespace Keyward.Core.Scopes;

/// <summary>The lexical rules shared by <see cref="Scope"/> and <see cref="ScopeVocabulary"/>.</summary>
internal static class ScopeGrammar
{
    internal static readonly IReadOnlyList<ScopeAction> Actions =
        [ScopeAction.All, ScopeAction.Create, ScopeAction.Read, ScopeAction.Update, ScopeAction.Delete];

    /// <summary>A resource is lowercase words of letters and digits joined by single '_' or '-'.</summary>
    internal static bool IsValidResource(ReadOnlySpan<char> resource)
    {
        if (resource.IsEmpty || !char.IsAsciiLetterLower(resource[0]) || IsSeparator(resource[^1]))
        {
            return false;
        }

        for (var i = 1; i < resource.Length; i++)
        {
            var c = resource[i];
            if (IsSeparator(c))
            {
                if (IsSeparator(resource[i - 1]))
                {
                    return false;
                }
            }
            else if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool TryParseAction(ReadOnlySpan<char> text, out ScopeAction action)
    {
        switch (text)
        {
            case "all": action = ScopeAction.All; return true;
            case "create": action = ScopeAction.Create; return true;
            case "read": action = ScopeAction.Read; return true;
            case "update": action = ScopeAction.Update; return true;
            case "delete": action = ScopeAction.Delete; return true;
            default: action = default; return false;
        }
    }

    internal static string FormatAction(ScopeAction action) => action switch
    {
        ScopeAction.All => "all",
        ScopeAction.Create => "create",
        ScopeAction.Read => "read",
        ScopeAction.Update => "update",
        ScopeAction.Delete => "delete",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown scope action"),
    };

    private static bool IsSeparator(char c) => c is '_' or '-';
}
