namespace Keyward.Webhooks.Dispatch;

/// <summary>Builds a handler from its configured form: <c>jsonl:PATH</c>, <c>https://URL</c> or <c>http:https://URL</c>
/// (forward; <c>http://</c> to loopback only), or <c>stdout</c>.</summary>
public static class WebhookHandlers
{
    /// <summary>Parses a handler specification.</summary>
    /// <param name="specification">The configured text.</param>
    /// <param name="stdout">Where <c>stdout</c> writes.</param>
    /// <param name="http">The client forwards use.</param>
    /// <returns>The handler.</returns>
    /// <exception cref="FormatException">The text is none of the forms (the message lists them), or a plain-http
    /// forward leaves the machine: it would carry lead data in clear text.</exception>
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

        // "http:URL" (the form the configuration reference names) is the same forward as the bare URL.
        if (specification.StartsWith("http:", StringComparison.Ordinal) && specification["http:".Length..] is var inner
            && (inner.StartsWith("https://", StringComparison.Ordinal) || inner.StartsWith("http://", StringComparison.Ordinal)))
        {
            specification = inner;
        }

        if (Uri.TryCreate(specification, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
        {
            return url.Scheme == Uri.UriSchemeHttps || url.IsLoopback
                ? new HttpForwardHandler(http, url)
                : throw new FormatException($"webhook handler {url.Scheme}://{url.Authority}/... would send event payloads (lead emails, replies) in clear text: use https://, or http:// to a loopback address only");
        }

        throw new FormatException($"webhook handler '{specification}' is not one of jsonl:PATH, https://URL, http://loopback URL or stdout");
    }
}
