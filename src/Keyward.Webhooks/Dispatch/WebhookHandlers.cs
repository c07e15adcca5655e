using Keyward.Core.Secrets;

namespace Keyward.Webhooks.Dispatch;

/// <summary>Builds a handler from its configured form: <c>jsonl:PATH</c>, <c>https://URL</c> or <c>http:https://URL</c>
/// (forward; <c>http://</c> to loopback only), or <c>stdout</c>.</summary>
public static class WebhookHandlers
{
    /// <summary>Parses a handler specification.</summary>
    /// <param name="specification">The configured text.</param>
    /// <param name="stdout">Where <c>stdout</c> writes.</param>
    /// <param name="http">The client forwards use.</param>
    /// <param name="forwardSecret">The Standard Webhooks secret a forward signs with; null sends it unsigned.</param>
    /// <returns>The handler.</returns>
    /// <exception cref="FormatException">The text is none of the forms (the message lists them), or a plain-http
    /// forward leaves the machine: it would carry lead data in clear text, or a signing secret is given for a handler
    /// that is not a forward, or is not base64.</exception>
    public static IWebhookHandler Parse(string specification, TextWriter stdout, HttpClient http, SecretValue? forwardSecret = null)
    {
        ArgumentNullException.ThrowIfNull(specification);
        if (specification == "stdout" || specification.StartsWith("jsonl:", StringComparison.Ordinal))
        {
            if (forwardSecret is not null)
            {
                throw new FormatException($"a forward secret signs forwards, and webhook handler '{specification}' is not an https:// forward");
            }

            return specification == "stdout" ? new TextWriterHandler(stdout)
                : specification.Length > "jsonl:".Length ? new JsonlFileHandler(specification["jsonl:".Length..])
                : throw new FormatException("webhook handler 'jsonl:' needs a path, such as jsonl:.keyward/events.jsonl");
        }

        var target = Target(specification);
        if (forwardSecret is null)
        {
            return new HttpForwardHandler(http, target);
        }

        try
        {
            return new HttpForwardHandler(http, target, forwardSecret);
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal), e);
        }
    }

    /// <summary>The URL of a forward: <c>https://URL</c>, the same as <c>http:https://URL</c>, or <c>http://</c> to
    /// loopback.</summary>
    private static Uri Target(string specification)
    {
        // "http:URL" (the form the configuration reference names) is the same forward as the bare URL.
        if (specification.StartsWith("http:", StringComparison.Ordinal) && specification["http:".Length..] is var inner
            && (inner.StartsWith("https://", StringComparison.Ordinal) || inner.StartsWith("http://", StringComparison.Ordinal)))
        {
            specification = inner;
        }

        if (Uri.TryCreate(specification, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
        {
            return url.Scheme == Uri.UriSchemeHttps || url.IsLoopback
                ? url
                : throw new FormatException($"webhook handler {url.Scheme}://{url.Authority}/... would send event payloads (lead emails, replies) in clear text: use https://, or http:// to a loopback address only");
        }

        throw new FormatException($"webhook handler '{specification}' is not one of jsonl:PATH, https://URL, http://loopback URL or stdout");
    }
}
