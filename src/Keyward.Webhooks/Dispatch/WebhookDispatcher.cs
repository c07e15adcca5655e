using Keyward.Webhooks.Inbox;
using Keyward.Webhooks.Receiver;
using Microsoft.Extensions.Hosting;

namespace Keyward.Webhooks.Dispatch;

/// <summary>Hands stored events to an <see cref="IWebhookHandler"/> in the background: claims due events with a
/// lease, marks each delivered when the handler returns, and on a fault schedules a retry with exponential backoff
/// and jitter, dead-lettering the event after <see cref="WebhookDispatcherOptions.MaxAttempts"/>. Every
/// <see cref="WebhookDispatcherOptions.PruneInterval"/> it deletes delivered events older than
/// <see cref="WebhookDispatcherOptions.KeepDelivered"/>. Several
/// dispatchers can share a PostgreSQL inbox; a claim is never handed to two at once.</summary>
public sealed class WebhookDispatcher : BackgroundService
{
    private readonly IWebhookInbox _inbox;
    private readonly IWebhookHandler _handler;
    private readonly WebhookDispatcherOptions _options;
    private readonly WebhookMetrics _metrics;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="WebhookDispatcher"/> class.</summary>
    /// <param name="inbox">Where events wait.</param>
    /// <param name="handler">What handles them.</param>
    /// <param name="options">Retry and batching.</param>
    /// <param name="metrics">The counters.</param>
    /// <param name="time">The clock.</param>
    public WebhookDispatcher(IWebhookInbox inbox, IWebhookHandler handler, WebhookDispatcherOptions options, WebhookMetrics metrics, TimeProvider time)
    {
        _inbox = inbox ?? throw new ArgumentNullException(nameof(inbox));
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Claims one batch and handles it.</summary>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>How many events were claimed.</returns>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken = default)
    {
        var batch = await _inbox.ClaimAsync(_options.BatchSize, _options.Lease, cancellationToken).ConfigureAwait(false);
        foreach (var webhookEvent in batch)
        {
            var source = new KeyValuePair<string, object?>("source", webhookEvent.Entry.Source);
            try
            {
                await _handler.HandleAsync(webhookEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var attempts = webhookEvent.Attempts + 1;
                var retryAt = attempts >= _options.MaxAttempts ? (DateTimeOffset?)null : _time.GetUtcNow() + Backoff(attempts);
                await _inbox.FailAsync(webhookEvent.Id, $"{e.GetType().Name}: {e.Message}", retryAt, CancellationToken.None).ConfigureAwait(false);
                if (retryAt is null)
                {
                    _metrics.DeadLettered.Add(1, source);
                }

                continue;
            }

            await _inbox.CompleteAsync(webhookEvent.Id, CancellationToken.None).ConfigureAwait(false);
            _metrics.Dispatched.Add(1, source);
        }

        return batch.Count;
    }

    /// <summary>Deletes the delivered events older than <see cref="WebhookDispatcherOptions.KeepDelivered"/>; the
    /// dispatcher calls it when it starts and every <see cref="WebhookDispatcherOptions.PruneInterval"/>.</summary>
    /// <param name="cancellationToken">Stops the work between steps.</param>
    /// <returns>How many events were deleted; 0 when they are kept forever.</returns>
    public async Task<long> PruneOnceAsync(CancellationToken cancellationToken = default)
    {
        if (_options.KeepDelivered is not { } keep)
        {
            return 0;
        }

        var pruned = await _inbox.PruneDeliveredAsync(_time.GetUtcNow() - keep, cancellationToken).ConfigureAwait(false);
        _metrics.Pruned.Add(pruned);
        return pruned;
    }

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(DispatchLoopAsync(stoppingToken), PruneLoopAsync(stoppingToken));

    private async Task DispatchLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int claimed;
            try
            {
                claimed = await DispatchOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                claimed = 0; // the inbox is unreachable for now; the events wait there
            }

            if (claimed == 0)
            {
                try
                {
                    await Task.Delay(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Prunes beside the dispatch loop, so a first prune of a large inbox does not hold up deliveries.</summary>
    private async Task PruneLoopAsync(CancellationToken stoppingToken)
    {
        if (_options.KeepDelivered is null)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PruneOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The inbox is unreachable for now; the next interval tries again.
            }

            try
            {
                await Task.Delay(_options.PruneInterval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>base × 2^(attempts − 1), capped, times a random factor in [0.5, 1) so retries of many events spread out.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var exponential = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = Math.Min(exponential, _options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }
}
