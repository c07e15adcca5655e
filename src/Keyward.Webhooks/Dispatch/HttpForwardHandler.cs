using System.Net.Http.Headers;
using Keyward.Core.Text;
using Keyward.Webhooks.Inbox;

namespace Keyward.Webhooks.Dispatch;

/// <summary>Forwards each event's raw payload to an HTTP endpoint (a CRM, an internal service) with a POST; any
/// non-2xx answer is a failure the dispatcher retries. Sends <c>webhook-id</c> (the inbox id, stable across
/// retries, for the target's own deduplication), <c>x-keyward-source</c> and <c>x-keyward-event-type</c>.</summary>
/// <remarks>A redirect is a failure too: give the final URL. Give it a client that does not follow redirects
/// (<c>AllowAutoRedirect</c> off, as <c>keyward webhooks serve</c> does): a 302 turns the POST into a GET without its
/// body, and a 307 or 308 re-sends the payload to whatever host the <c>Location</c> names. With a client that does
/// follow them the forward still fails, but the payload may already have gone there. Errors name the target without
/// its user name, password or query.</remarks>
public sealed class HttpForwardHandler : IWebhookHandler
{
    private readonly HttpClient _http;
    private readonly Uri _target;

    /// <summary>Initializes a new instance of the <see cref="HttpForwardHandler"/> class.</summary>
    /// <param name="http">The client, from IHttpClientFactory in an app, with <c>AllowAutoRedirect</c> off.</param>
    /// <param name="target">Where to POST.</param>
    public HttpForwardHandler(HttpClient http, Uri target)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _target = target ?? throw new ArgumentNullException(nameof(target));
    }

    /// <inheritdoc/>
    public async Task HandleAsync(InboxEvent webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        using var content = new ReadOnlyMemoryContent(webhookEvent.Entry.Payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, _target) { Content = content };
        request.Headers.Add("webhook-id", $"keyward-{webhookEvent.Entry.Source}-{webhookEvent.Id}");
        request.Headers.Add("x-keyward-source", webhookEvent.Entry.Source);
        request.Headers.Add("x-keyward-event-type", webhookEvent.Entry.EventType);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.RequestMessage?.RequestUri is { } answered && answered != _target)
        {
            throw new HttpRequestException($"{UrlText.Redact(_target)} redirected to {UrlText.Redact(answered)}, and forwards do not follow redirects: configure the final URL");
        }

        if (!response.IsSuccessStatusCode)
        {
            var redirect = (int)response.StatusCode is >= 300 and < 400 ? ", a redirect, which forwards do not follow: configure the final URL" : string.Empty;
            throw new HttpRequestException($"{UrlText.Redact(_target)} answered {(int)response.StatusCode}{redirect}", null, response.StatusCode);
        }
    }
}
