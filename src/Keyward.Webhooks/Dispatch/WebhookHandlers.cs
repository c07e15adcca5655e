namespace Keyward.Webhooks.Dispatch;

/// <summary>Builds a handler from its configured form: <c>jsonl:PATH</c>, <c>http://URL</c> or <c>https://URL</c>
/// (forward), or <c>stdout</c>.</summary>
public static class WebhookHandlers
{
    /// <summary>Parses a handler specification.</summary>
    /// <param name="specification">The configured text.</param>
    /// <param name="stdout">Where <c>stdout</c> writes.</param>
    /// <param name="http">The client forwards use.</param>
    /// <returns>The handler.</returns>
    /// <exception cref="FormatException">The text is none of the forms; the message lists them.</exception>
    public static IWebhookHandler Parse(string specification, TextWriter stdout, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(specification);
        if (specification == "stdout")
        {
            return new TextWriterHandler(stdout);
        }

        if (specification.StartsWith("jsonl:", StringComparison.Ordinal) && specification.Length > "jsonl:".Length)
        {
            return new JsonlFileHandler(specification["jsonl:".Length..]);
        }

        if (Uri.TryCreate(specification, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
        {
            return new HttpForwardHandler(http, url);
        }

        throw new FormatException($"webhook handler '{specification}' is not one of jsonl:PATH, https://URL, http://URL or stdout");
    }
}
