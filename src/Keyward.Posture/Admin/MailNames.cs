namespace Keyward.Posture.Admin;

/// <summary>Normalises and validates the domains and email addresses that workspace policies compare: block-list
/// values and members' email domains.</summary>
/// <remarks>Deliberately stricter than RFC 5321: ASCII only (an internationalised domain is written in its
/// <c>xn--</c> form, which is how Instantly stores it), no quoted local parts and no IP literals. A value that is
/// only almost right is refused rather than guessed at, since a block-list typo silently blocks nothing.</remarks>
internal static class MailNames
{
    private const string LocalPartSymbols = "!#$%&'*+/=?^_`{|}~.-";

    /// <summary>Lower-cases and trims <paramref name="value"/>, and drops the trailing dot of a fully qualified name.</summary>
    public static string Clean(string value) => value.Trim().ToLowerInvariant().TrimEnd('.');

    /// <summary>Normalises a domain such as <c>Competitor.Example</c> to <c>competitor.example</c>.</summary>
    public static bool TryNormalizeDomain(string value, out string domain)
    {
        domain = Clean(value);
        return IsDomain(domain);
    }

    /// <summary>Normalises an email address such as <c> Someone@Competitor.Example</c> to <c>someone@competitor.example</c>.</summary>
    public static bool TryNormalizeAddress(string value, out string address)
    {
        address = Clean(value);
        var at = address.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == address.LastIndexOf('@') && IsLocalPart(address[..at]) && IsDomain(address[(at + 1)..]);
    }

    /// <summary>Gets the lower-case domain of an email address, or an empty string when it has none.</summary>
    public static string DomainOf(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? string.Empty : Clean(address[(at + 1)..]);
    }

    /// <summary>Whether <paramref name="domain"/> is <paramref name="parent"/> or one of its subdomains.</summary>
    public static bool IsWithin(string domain, string parent) =>
        domain == parent || domain.EndsWith("." + parent, StringComparison.Ordinal);

    private static bool IsDomain(string domain)
    {
        if (domain.Length is 0 or > 253)
        {
            return false;
        }

        var labels = domain.Split('.');
        return labels.Length >= 2
            && labels.All(IsLabel)
            // An all-digit last label is an IP address, not a domain.
            && !labels[^1].All(char.IsAsciiDigit);
    }

    private static bool IsLabel(string label) =>
        label.Length is >= 1 and <= 63
        && label[0] != '-'
        && label[^1] != '-'
        && label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static bool IsLocalPart(string local) =>
        local.Length is >= 1 and <= 64
        && local[0] != '.'
        && local[^1] != '.'
        && !local.Contains("..", StringComparison.Ordinal)
        && local.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || LocalPartSymbols.Contains(c, StringComparison.Ordinal));
}
