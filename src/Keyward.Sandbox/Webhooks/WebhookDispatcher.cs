using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Keyward.Sandbox.Api;
using Keyward.Sandbox.State;
using Microsoft.Extensions.Hosting;

namespace Keyward.Sandbox.Webhooks;

/// <summary>Delivers webhook events in the background the way each vendor does: POST the JSON payload with the
/// webhook's headers, retry on failure after the delivery's attempt delays; for Instantly, also log every attempt in
/// <c>webhook-events</c> and disable the webhook (status -1) when a delivery fails every attempt.</summary>
internal sealed class WebhookDispatcher(SandboxState state, HttpClient http, SandboxOptions options) : BackgroundService
{
    private readonly Channel<WebhookDelivery> _queue = Channel.CreateUnbounded<WebhookDelivery>();
    private int _pending;

    /// <summary>Gets the deliveries queued or in progress; tests wait for zero.</summary>
    public int Pending => Volatile.Read(ref _pending);

    public void Enqueue(WebhookDelivery delivery)
    {
        Interlocked.Increment(ref _pending);
        _queue.Writer.TryWrite(delivery);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new List<Task>();
        await foreach (var delivery in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            running.RemoveAll(t => t.IsCompleted);
            running.Add(DeliverAsync(delivery, stoppingToken));
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task DeliverAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            var retryGroup = Guid.NewGuid().ToString("D");
            var delays = delivery.AttemptDelays;
            for (var attempt = 0; attempt < delays.Count; attempt++)
            {
                await Task.Delay(delays[attempt], options.TimeProvider, cancellationToken).ConfigureAwait(false);
                var (status, error, elapsed) = await PostAsync(delivery, cancellationToken).ConfigureAwait(false);
                var success = status is >= 200 and < 300;
                var willRetry = !success && attempt + 1 < delays.Count;
                if (delivery.Vendor != WebhookVendor.Instantly)
                {
                    if (success)
                    {
                        return;
                    }

                    continue;
                }

                lock (state.Lock)
                {
                    Log(delivery, attempt, retryGroup, status, error, elapsed, success, willRetry);
                    if (!success && !willRetry)
                    {
                        Disable(delivery.WebhookId);
                    }

                    state.Save();
                }

                if (success)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    private async Task<(int? Status, string? Error, long ElapsedMs)> PostAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
            {
                Content = new StringContent(delivery.Body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
            };
            foreach (var (name, value) in delivery.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.WebhookTimeout);
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            return ((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}", (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, e is TaskCanceledException ? "timeout" : e.Message, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private void Log(WebhookDelivery delivery, int attempt, string retryGroup, int? status, string? error, long elapsedMs, bool success, bool willRetry)
    {
        var now = options.TimeProvider.GetUtcNow();
        var retryAt = willRetry ? now + delivery.AttemptDelays[attempt + 1] : (DateTimeOffset?)null;
        state["webhook-events"].Add(new JsonObject
        {
            ["id"] = Guid.CreateVersion7(now).ToString("D"),
            ["timestamp_created"] = SandboxState.Timestamp(now),
            ["timestamp_created_date"] = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["organization_id"] = state.WorkspaceId,
            ["webhook_id"] = delivery.WebhookId,
            ["payload"] = delivery.Payload.DeepClone(),
            ["success"] = success,
            ["retry_count"] = attempt,
            ["will_retry"] = willRetry,
            ["webhook_url"] = delivery.Url,
            ["status_code"] = status,
            ["error_message"] = error,
            ["timestamp_next_retry"] = retryAt is null ? null : SandboxState.Timestamp(retryAt.Value),
            ["retry_group_id"] = retryGroup,
            ["retry_successful"] = attempt > 0 ? success : null,
            ["lead_email"] = delivery.Payload["lead_email"]?.DeepClone(),
            ["response_time_ms"] = elapsedMs,
        });
    }

    private void Disable(string webhookId)
    {
        if (!state["webhooks"].TryGet(webhookId, out var webhook) || (int?)webhook["status"] == -1)
        {
            return;
        }

        var now = options.TimeProvider.GetUtcNow();
        webhook["status"] = -1;
        webhook["timestamp_error"] = SandboxState.Timestamp(now);
        state["audit-logs"].Add(new JsonObject
        {
            ["id"] = Guid.CreateVersion7(now).ToString("D"),
            ["timestamp"] = SandboxState.Timestamp(now),
            ["organization_id"] = state.WorkspaceId,
            ["activity_type"] = ActivityTypes.WebhookMarkedAsError,
            ["ip_address"] = "127.0.0.1",
            ["from_api"] = false,
            ["webhook_id"] = webhookId,
            ["audit_metadata"] = new JsonObject { ["reason"] = "every delivery attempt failed" },
        });
    }
}
