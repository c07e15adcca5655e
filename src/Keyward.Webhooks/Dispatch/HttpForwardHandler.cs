using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Keyward.Core.Secrets;
using Keyward.Core.Text;
using Keyward.Webhooks.Inbox;
using Keyward.Webhooks.Verification;

namespace Keyward.Webhooks.Dispatch;

/// <summary>Forwards each event's raw payload to an HTTP endpoint (a CRM, an internal service) with a POST; any
/// non-2xx answer is a failure the dispatcher retries. Sends <c>webhook-id</c> (derived from the event's source and
/// idempotency key, so it is stable across retries and inboxes, for the target's own deduplication),
/// <c>x-keyward-source</c> and <c>x-keyward-event-type</c> (percent-encoded UTF-8, since a custom Instantly label may
/// hold any character and header values are ASCII; Instantly's own event types read the same either way); with a
/// signing secret, also <c>webhook-timestamp</c> and
/// <c>webhook-signature</c>, so the target can verify with any Standard Webhooks library that the event came from
/// this receiver.</summary>
/// <remarks>A redirect is a failure too: give the final URL. Give it a client that does not follow redirects
/// (<c>AllowAutoRedirect</c> off, as <c>keyward webhooks serve</c> does): a 302 turns the POST into a GET without its
/// body, and a 307 or 308 re-sends the payload to whatever host the <c>Location</c> names. With a client that does
/// follow them the forward still fails, but the payload may already have gone there. Errors name the target without
/// its user name, password or query.</remarks>
public sealed class HttpForwardHandler : IWebhookHandler
{
    private const int MinimumKeyBytes = 24;

    private readonly HttpClient _http;
    private readonly Uri _target;
    private readonly byte[]? _signingKey;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="HttpForwardHandler"/> class that sends unsigned
    /// forwards: only for a target that nothing but this receiver can reach.</summary>
    /// <param name="http">The client, from IHttpClientFactory in an app, with <c>AllowAutoRedirect</c> off.</param>
    /// <param name="target">Where to POST.</param>
    public HttpForwardHandler(HttpClient http, Uri target)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _target = target ?? throw new ArgumentNullException(nameof(target));
        _time = TimeProvider.System;
    }

    /// <summary>Initializes a new instance of the <see cref="HttpForwardHandler"/> class that signs each forward the
    /// Standard Webhooks way, the safe choice whenever others can reach the target.</summary>
    /// <param name="http">The client, from IHttpClientFactory in an app, with <c>AllowAutoRedirect</c> off.</param>
    /// <param name="target">Where to POST.</param>
    /// <param name="signingSecret">A Standard Webhooks secret: <c>whsec_</c> (optional) and base64 key bytes.</param>
    /// <param name="time">The clock for <c>webhook-timestamp</c>; the system clock when null.</param>
    /// <exception cref="ArgumentException"><paramref name="signingSecret"/> is not base64 of at least 24 bytes.</exception>
    public HttpForwardHandler(HttpClient http, Uri target, SecretValue signingSecret, TimeProvider? time = null)
        : this(http, target)
    {
        ArgumentNullException.ThrowIfNull(signingSecret);
        // Ours to choose, unlike a sender's secret the verifier must take as it comes: too short a key is refused.
        _signingKey = StandardWebhooksVerifier.DecodeSecret(signingSecret) is { Length: >= MinimumKeyBytes } key ? key
            : throw new ArgumentException($"the forward's signing secret must be a Standard Webhooks secret: whsec_ and base64 of at least {MinimumKeyBytes} random bytes", nameof(signingSecret));
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public async Task HandleAsync(InboxEvent webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        var body = webhookEvent.Entry.Payload;
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, _target) { Content = content };
        var id = MessageId(webhookEvent.Entry);
        request.Headers.Add(WebhookVerifyConstants.WebhookIdHeader, id);
        request.Headers.Add("x-keyward-source", Uri.EscapeDataString(webhookEvent.Entry.Source));
        request.Headers.Add("x-keyward-event-type", Uri.EscapeDataString(webhookEvent.Entry.EventType));
        if (_signingKey is not null)
        {
            var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            StandardWebhooksVerifier.Sign(_signingKey, id, timestamp, body.Span, mac);
            request.Headers.Add(WebhookVerifyConstants.WebhookTimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookVerifyConstants.WebhookSignatureHeader, "v1," + Convert.ToBase64String(mac));
        }

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

    /// <summary>The same id for every retry of one event, from any inbox: a hash of its source and idempotency key
    /// (which may be long or hold characters a header or a Standard Webhooks id must not).</summary>
    private static string MessageId(InboxEntry entry) =>
        "kw_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{entry.Source}\n{entry.IdempotencyKey}")).AsSpan(0, 16));
}
