using System.Security.Cryptography;
using Keyward.Core.Auditing;
using Keyward.Webhooks.Inbox;
using Keyward.Webhooks.Verification;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Keyward.Webhooks.Receiver;

/// <summary>Receives one delivery: size limit → IP allow-list → verify (raw bytes) → validate → idempotency key →
/// durable insert → 200. Nothing is acknowledged before it is stored; a storage failure answers 503 so the sender
/// retries, and a retried delivery is acknowledged without a second event.</summary>
/// <remarks>
/// Rejections answer a generic body (<c>{"error":"unauthorized"}</c> and so on) and record the precise reason only
/// in the audit log, with the sender's address: the first rejection per endpoint and reason in each minute, carrying
/// how many like it were left out since the previous record, so a flood of bad requests cannot flood the log (the
/// <c>keyward.webhooks.rejected</c> counter counts every one). Disposing the receiver records the counts still
/// pending. Accepted events are not audited one by one: the inbox is their record. Each audited rejection is also
/// logged (a warning with its machine-readable reason, never text from the request; an error with the inbox's
/// error for a 503), and so is an audit log that cannot record one. Thread-safe; one instance serves every endpoint.
/// </remarks>
public sealed partial class WebhookReceiver : IAsyncDisposable
{
    /// <summary>A request carrying this header is only authenticated: it answers 204 when the secret or signature is
    /// accepted (401 otherwise) and stores nothing. <c>keyward webhooks rotate-secret</c> uses it to wait until the
    /// receivers accept a new secret before it switches the sender over.</summary>
    public const string ProbeHeader = "Keyward-Probe";

    // The answers to accepted deliveries, written with a Content-Length rather than chunked.
    private static readonly ReadOnlyMemory<byte> StoredBody = """{"status":"stored"}"""u8.ToArray();
    private static readonly ReadOnlyMemory<byte> DuplicateBody = """{"status":"duplicate"}"""u8.ToArray();

    private readonly IWebhookInbox _inbox;
    private readonly IAuditSink _audit;
    private readonly WebhookMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly RejectionAuditThrottle _throttle = new(TimeSpan.FromMinutes(1));
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="WebhookReceiver"/> class.</summary>
    /// <param name="inbox">Where events are stored before they are acknowledged.</param>
    /// <param name="audit">Where rejections are recorded with their reason.</param>
    /// <param name="metrics">The counters.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Where audited rejections and storage failures are logged; nowhere when null.</param>
    public WebhookReceiver(IWebhookInbox inbox, IAuditSink audit, WebhookMetrics metrics, TimeProvider time, ILogger<WebhookReceiver>? logger = null)
    {
        _inbox = inbox ?? throw new ArgumentNullException(nameof(inbox));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Handles one delivery to <paramref name="endpoint"/> and writes the response.</summary>
    /// <param name="context">The request.</param>
    /// <param name="endpoint">The endpoint it arrived on.</param>
    /// <returns>A task that completes when the response is written.</returns>
    public async Task HandleAsync(HttpContext context, WebhookEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(endpoint);
        var source = new KeyValuePair<string, object?>("source", endpoint.Name);
        _metrics.Received.Add(1, source);
        var request = context.Request;
        var cancellationToken = context.RequestAborted;

        if (request.ContentLength > endpoint.MaxBodyBytes)
        {
            await RejectAsync(context, endpoint, StatusCodes.Status413PayloadTooLarge, "payload_too_large", $"Content-Length {request.ContentLength} exceeds {endpoint.MaxBodyBytes} bytes").ConfigureAwait(false);
            return;
        }

        if (endpoint.AllowedNetworks.Count > 0
            && (context.Connection.RemoteIpAddress is not { } address || !endpoint.AllowedNetworks.Any(n => n.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address))))
        {
            await RejectAsync(context, endpoint, StatusCodes.Status403Forbidden, "address_not_allowed", "the sender's address is not in the allow-list").ConfigureAwait(false);
            return;
        }

        var raw = await ReadBodyAsync(request.Body, endpoint.MaxBodyBytes, request.ContentLength, cancellationToken).ConfigureAwait(false);
        if (raw is not { } body)
        {
            await RejectAsync(context, endpoint, StatusCodes.Status413PayloadTooLarge, "payload_too_large", $"the body exceeds {endpoint.MaxBodyBytes} bytes").ConfigureAwait(false);
            return;
        }

        var headers = request.Headers;
        var verification = endpoint.Verifier.Verify(name => headers.TryGetValue(name, out var values) ? values.ToString() : null, body.Span);
        if (!verification.IsValid)
        {
            await RejectAsync(context, endpoint, StatusCodes.Status401Unauthorized, "unauthorized", $"{Reason(verification.Failure)}: {verification.Detail}", Reason(verification.Failure)).ConfigureAwait(false);
            return;
        }

        if (headers.ContainsKey(ProbeHeader))
        {
            _metrics.Probes.Add(1, source);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        var eventHeader = headers.TryGetValue("x-salesloft-event", out var salesloftEvent) ? salesloftEvent.ToString() : null;
        if (!WebhookPayloads.TryValidate(endpoint.Vendor, body.Span, eventHeader, out var eventType, out var problem))
        {
            await RejectAsync(context, endpoint, StatusCodes.Status400BadRequest, problem!, problem!, "invalid_payload").ConfigureAwait(false);
            return;
        }

        // Only Standard Webhooks signs its webhook-id. Under any other scheme the header is the sender's to choose, and
        // taking it would let whoever captured one signed delivery store it again and again under fresh ids.
        var key = endpoint.Verifier.Scheme == WebhookVerifyConstants.StandardWebhooksScheme
            && headers.TryGetValue(WebhookVerifyConstants.WebhookIdHeader, out var id) && id.ToString() is { Length: > 0 and <= 256 } webhookId
            ? webhookId
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body.Span));
        bool stored;
        try
        {
            stored = await _inbox.AddAsync(new InboxEntry(endpoint.Name, key, eventType, body, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not stored, so not acknowledged: the sender keeps the event and retries.
            await RejectAsync(context, endpoint, StatusCodes.Status503ServiceUnavailable, "unavailable", $"the inbox could not store the event ({e.GetType().Name})", "storage_failed", e).ConfigureAwait(false);
            return;
        }

        (stored ? _metrics.Stored : _metrics.Duplicates).Add(1, source);
        var answer = stored ? StoredBody : DuplicateBody;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = answer.Length;
        await context.Response.Body.WriteAsync(answer, context.RequestAborted).ConfigureAwait(false);
    }

    private static string Reason(VerificationFailure failure) => failure switch
    {
        VerificationFailure.MissingHeader => "missing_header",
        VerificationFailure.MalformedHeader => "malformed_header",
        VerificationFailure.BadSecret => "bad_secret",
        VerificationFailure.BadSignature => "bad_signature",
        VerificationFailure.StaleTimestamp => "stale_timestamp",
        _ => "unverified",
    };

    /// <summary>Reads the whole body, or returns null as soon as it passes <paramref name="max"/> bytes.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(Stream stream, int max, long? declared, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(max + 1L, declared is > 0 ? declared.Value + 1 : 16 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > max)
                {
                    return null;
                }

                Array.Resize(ref buffer, (int)Math.Min(max + 1L, buffer.Length * 2L));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return length > max ? null : buffer.AsMemory(0, length);
            }

            length += read;
        }
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync($$"""{"error":"{{message}}"}""", context.RequestAborted);
    }

    /// <summary>Records the rejections left out of the audit log since their last record.</summary>
    /// <returns>A task that completes when they are written.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var (endpoint, reason, suppressed) in _throttle.Drain())
        {
            LogLeftOut(_logger, endpoint, suppressed, reason);
            await TryAuditAsync(
                new AuditRecord(_time.GetUtcNow(), "webhook senders", "webhook.rejected", endpoint, false, $"{reason}: {suppressed} more rejections since the previous record", Suppressed(suppressed)),
                CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static Dictionary<string, string> Suppressed(long count, Dictionary<string, string>? properties = null)
    {
        properties ??= [];
        if (count > 0)
        {
            properties["suppressed"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return properties;
    }

    // failure: for a storage failure, the inbox's error, which is logged and not audited.
    private async Task RejectAsync(HttpContext context, WebhookEndpoint endpoint, int status, string publicMessage, string reason, string? metricReason = null, Exception? failure = null)
    {
        var key = metricReason ?? publicMessage;
        _metrics.Rejected.Add(1, new KeyValuePair<string, object?>("source", endpoint.Name), new KeyValuePair<string, object?>("reason", key));
        var now = _time.GetUtcNow();
        var target = $"webhook {endpoint.Name} ({endpoint.Path})";
        if (_throttle.ShouldWrite(target, key, now, out var suppressed))
        {
            var sender = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (failure is not null)
            {
                LogNotStored(_logger, target, $"{failure.GetType().Name}: {failure.Message}", Since(suppressed));
            }
            else
            {
                LogRejected(_logger, target, status, key, sender, Since(suppressed));
            }

            var properties = Suppressed(suppressed, new() { ["status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            await TryAuditAsync(
                new AuditRecord(now, $"webhook sender {sender}", "webhook.rejected", target, false, reason, properties),
                context.RequestAborted).ConfigureAwait(false);
        }

        await WriteErrorAsync(context, status, status == StatusCodes.Status400BadRequest ? publicMessage.Replace("\"", "'", StringComparison.Ordinal) : publicMessage).ConfigureAwait(false);
    }

    private async Task TryAuditAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await _audit.WriteAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failing audit log must not turn a rejection into a 500; the metric still counts it.
            LogNotAudited(_logger, record.Action, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>The tail of a logged rejection: how many like it went unlogged (and unaudited) since the last one.</summary>
    private static string Since(long suppressed) =>
        suppressed == 0 ? string.Empty : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; {suppressed} more like it since the previous report");

    [LoggerMessage(1, LogLevel.Warning, "{Target} answered {Status} to {Sender}: {Reason}{Since}")]
    private static partial void LogRejected(ILogger logger, string target, int status, string reason, string sender, string since);

    [LoggerMessage(2, LogLevel.Error, "{Target} answered 503, the inbox could not store the event ({Error}); the sender will retry{Since}")]
    private static partial void LogNotStored(ILogger logger, string target, string error, string since);

    [LoggerMessage(3, LogLevel.Warning, "the audit log could not record {Action} ({Error})")]
    private static partial void LogNotAudited(ILogger logger, string action, string error);

    [LoggerMessage(4, LogLevel.Warning, "{Target} answered {Count} more deliveries like the last reported ({Reason}) before it stopped")]
    private static partial void LogLeftOut(ILogger logger, string target, long count, string reason);
}
