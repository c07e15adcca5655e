using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Keyward.Core.Secrets;

/// <summary>A pointer to a secret, <c>scheme:location</c>, such as <c>env:INSTANTLY_API_KEY</c>; never the secret.</summary>
/// <remarks>
/// Parsing refuses anything that is not a reference, so a key pasted where a reference belongs fails loudly
/// instead of working (and ending up in git). The message never repeats the input, which might be a key.
/// </remarks>
public sealed partial record SecretReference
{
    private SecretReference(string scheme, string location)
    {
        Scheme = scheme;
        Location = location;
    }

    /// <summary>Gets the scheme, lower-case, such as <c>env</c>.</summary>
    public string Scheme { get; }

    /// <summary>Gets everything after the first colon, such as <c>INSTANTLY_API_KEY</c>.</summary>
    public string Location { get; }

    /// <summary>Parses a reference.</summary>
    /// <param name="text">For example <c>env:INSTANTLY_API_KEY</c>.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="FormatException">The text is not <c>scheme:location</c>; the message does not echo it.</exception>
    public static SecretReference Parse(string text) =>
        TryParse(text, out var reference)
            ? reference
            : throw new FormatException(
                $"expected a secret reference such as env:INSTANTLY_API_KEY, not a value ({(text ?? string.Empty).Length} characters, not shown); keys belong in the environment or a secret store, never in code or configuration");

    /// <summary>Parses a reference without throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="reference">The reference, when the text is one.</param>
    /// <returns>Whether the text is <c>scheme:location</c> with a letter-first scheme of letters, digits and dashes.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SecretReference? reference)
    {
        reference = null;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (text is null || colon < 1 || colon == text.Length - 1 || !char.IsAsciiLetter(text[0]))
        {
            return false;
        }

        var scheme = text[..colon];
        if (!scheme.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return false;
        }

        reference = new SecretReference(scheme.ToLowerInvariant(), text[(colon + 1)..]);
        return true;
    }

    /// <summary>Gets the reference as written, passwords included: for opening the store, never for messages.</summary>
    public string Raw => $"{Scheme}:{Location}";

    /// <summary>Returns the reference for messages and logs, with any <c>Password=</c> of a connection string masked.</summary>
    /// <returns>The reference, safe to print.</returns>
    public override string ToString() => PasswordSetting().Replace(Raw, "${name}=***");

    [GeneratedRegex(@"(?i)(?<name>password|pwd)\s*=\s*[^;#]*")]
    private static partial Regex PasswordSetting();
}
