using System.Net.Http.Headers;
using Keyward.Webhooks.Inbox;

namespace Keyward.Webhooks.Dispatch;

/// <summary>Forwards each event's raw payload to an HTTP endpoint (a CRM, an internal service) with a POST; any
/// non-2xx answer is a failure the dispatcher retries. Sends <c>webhook-id</c> (the inbox id, stable across
/// retries, for the target's own deduplication), <c>x-keyward-source</c> and <c>x-keyward-event-type</c>.</summary>
public sealed class HttpForwardHandler : IWebhookHandler
{
    private readonly HttpClient _http;
    private readonly Uri _target;

    /// <summary>Initializes a new instance of the <see cref="HttpForwardHandler"/> class.</summary>
    /// <param name="http">The client (from IHttpClientFactory in an app).</param>
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
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{_target.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode}", null, response.StatusCode);
        }
    }
}
