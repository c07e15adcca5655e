namespace Keyward.Core.Text;

/// <summary>URLs as Keyward prints, logs and audits them. A webhook or forward URL can carry credentials in its user
/// name and password (<c>https://user:pass@host/</c>) or in its query (<c>?token=…</c>), and those must not reach a
/// terminal, an inbox's last error or the audit log.</summary>
public static class UrlText
{
    /// <summary>Gets the URL with its scheme, host, port and path only; a query becomes <c>?…</c> and a fragment is
    /// dropped, so a reader still sees that one was there.</summary>
    /// <param name="url">An absolute URL.</param>
    /// <returns>The printable form.</returns>
    public static string Redact(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            return "(a relative URL)";
        }

        var shown = url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        return url.Query.Length > 1 ? shown + "?…" : shown;
    }

    /// <summary>Gets <see cref="Redact(Uri)"/> of a URL given as text, such as one a vendor API returned.</summary>
    /// <param name="url">The text; need not be a URL.</param>
    /// <returns>The printable form, or a placeholder when the text is not an absolute URL (it is not echoed, since it
    /// could be anything).</returns>
    public static string Redact(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? Redact(parsed) : url is null or "" ? "(none)" : "(not a URL)";
}
