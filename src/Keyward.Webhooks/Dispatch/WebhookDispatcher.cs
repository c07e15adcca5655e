using Keyward.Webhooks.Inbox;
using Keyward.Webhooks.Receiver;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Keyward.Webhooks.Dispatch;

/// <summary>Hands stored events to an <see cref="IWebhookHandler"/> in the background: claims due events with a
/// lease, marks each delivered when the handler returns, and on a fault schedules a retry with exponential backoff
/// and jitter, dead-lettering the event after <see cref="WebhookDispatcherOptions.MaxAttempts"/>. Every
/// <see cref="WebhookDispatcherOptions.PruneInterval"/> it deletes delivered events older than
/// <see cref="WebhookDispatcherOptions.KeepDelivered"/>. Several dispatchers can share a PostgreSQL inbox; a claim is
/// never handed to two at once, a claim is renewed before it runs out in a slow batch, and a dispatcher that lost a
/// claim anyway (it stalled longer than the lease) neither handles that event nor overwrites its state.</summary>
/// <remarks>Each failed attempt is logged as a warning and each dead letter as an error, with the event's id, source,
/// type and the handler's error (never the payload); an inbox that stops answering is logged once, and again once it
/// answers. <c>keyward webhooks serve</c> prints these lines on stderr.</remarks>
public sealed partial class WebhookDispatcher : BackgroundService
{
    private readonly IWebhookInbox _inbox;
    private readonly IWebhookHandler _handler;
    private readonly WebhookDispatcherOptions _options;
    private readonly WebhookMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // Whether the last claim or prune failed, so an outage of the inbox is logged when it starts and when it ends
    // rather than at every poll. Each loop changes only its own.
    private bool _claimFailing;
    private bool _pruneFailing;

    /// <summary>Initializes a new instance of the <see cref="WebhookDispatcher"/> class.</summary>
    /// <param name="inbox">Where events wait.</param>
    /// <param name="handler">What handles them.</param>
    /// <param name="options">Retry and batching.</param>
    /// <param name="metrics">The counters.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Where failed attempts, dead letters and inbox outages are logged; nowhere when null.</param>
    public WebhookDispatcher(IWebhookInbox inbox, IWebhookHandler handler, WebhookDispatcherOptions options, WebhookMetrics metrics, TimeProvider time, ILogger<WebhookDispatcher>? logger = null)
    {
        _inbox = inbox ?? throw new ArgumentNullException(nameof(inbox));
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Claims one batch and handles it.</summary>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>How many events were claimed.</returns>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken = default)
    {
        var batch = await _inbox.ClaimAsync(_options.BatchSize, _options.Lease, _options.Sources, cancellationToken).ConfigureAwait(false);
        var queue = new Queue<InboxEvent>(batch);
        try
        {
            while (queue.TryPeek(out var next))
            {
                cancellationToken.ThrowIfCancellationRequested();

                // Handlers run one after another, so a slow batch can outlast its claim, and another dispatcher would
                // take the rest of it. Renew the rest while at least half the lease is left.
                if (next.ClaimedUntil - _time.GetUtcNow() < _options.Lease / 2)
                {
                    await RenewAsync(queue, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                await HandleAsync(next, cancellationToken).ConfigureAwait(false);
                queue.Dequeue();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: give back the events not finished (the one interrupted included), so another dispatcher, or
            // this receiver restarted, takes them now rather than when the lease ends.
            await ReleaseAsync(queue).ConfigureAwait(false);
            throw;
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

    /// <summary>Hands one claimed event to the handler and records the outcome, unless the claim was lost meanwhile
    /// (the handler outlasted the lease and another dispatcher took the event): then the other one's record stands.</summary>
    private async Task HandleAsync(InboxEvent webhookEvent, CancellationToken cancellationToken)
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
            var error = $"{e.GetType().Name}: {e.Message}";
            if (!await _inbox.FailAsync(webhookEvent, error, retryAt, CancellationToken.None).ConfigureAwait(false))
            {
                return; // the claim went to another dispatcher, whose record stands
            }

            var entry = webhookEvent.Entry;
            if (retryAt is { } next)
            {
                LogAttemptFailed(_logger, webhookEvent.Id, entry.Source, entry.EventType, attempts, _options.MaxAttempts, error, next);
            }
            else
            {
                _metrics.DeadLettered.Add(1, source);
                LogDeadLettered(_logger, webhookEvent.Id, entry.Source, entry.EventType, attempts, error);
            }

            return;
        }

        if (await _inbox.CompleteAsync(webhookEvent, CancellationToken.None).ConfigureAwait(false))
        {
            _metrics.Dispatched.Add(1, source);
        }
    }

    /// <summary>Releases the claims left in <paramref name="queue"/>, as far as the inbox answers: an event it cannot
    /// release waits for its lease to end, as after a crash.</summary>
    private async Task ReleaseAsync(Queue<InboxEvent> queue)
    {
        foreach (var claimed in queue)
        {
            try
            {
                await _inbox.ReleaseAsync(claimed, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return; // the inbox is unreachable; the lease releases the rest
            }
        }
    }

    /// <summary>Renews the claim on every event left in <paramref name="queue"/>, dropping those whose claim ran out and
    /// went to another dispatcher: handling them here too would deliver them twice.</summary>
    private async Task RenewAsync(Queue<InboxEvent> queue, CancellationToken cancellationToken)
    {
        var held = new List<InboxEvent>(queue.Count);
        foreach (var claimed in queue)
        {
            if (await _inbox.RenewAsync(claimed, _options.Lease, cancellationToken).ConfigureAwait(false) is { } renewed)
            {
                held.Add(renewed);
            }
        }

        queue.Clear();
        held.ForEach(queue.Enqueue);
    }

    private async Task DispatchLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int claimed;
            try
            {
                claimed = await DispatchOnceAsync(stoppingToken).ConfigureAwait(false);
                Answered(ref _claimFailing, "hand out events");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                claimed = 0; // the inbox is unreachable for now; the events wait there
                Failed(ref _claimFailing, "hand out events", e);
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
                Answered(ref _pruneFailing, "prune delivered events");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Failed(ref _pruneFailing, "prune delivered events", e); // the next interval tries again
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

    private void Failed(ref bool failing, string work, Exception e)
    {
        if (!failing)
        {
            failing = true;
            LogInboxFailing(_logger, work, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private void Answered(ref bool failing, string work)
    {
        if (failing)
        {
            failing = false;
            LogInboxBack(_logger, work);
        }
    }

    /// <summary>base × 2^(attempts − 1), capped, times a random factor in [0.5, 1) so retries of many events spread out.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var exponential = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = Math.Min(exponential, _options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    [LoggerMessage(1, LogLevel.Warning, "event {Id} from {Source} ({EventType}): attempt {Attempt} of {MaxAttempts} failed ({Error}); the next one is at {RetryAt:u}")]
    private static partial void LogAttemptFailed(ILogger logger, long id, string source, string eventType, int attempt, int maxAttempts, string error, DateTimeOffset retryAt);

    [LoggerMessage(2, LogLevel.Error, "event {Id} from {Source} ({EventType}) is dead-lettered after {Attempts} attempts ({Error}); once its handler works, replay it: keyward webhooks inbox replay {Id}")]
    private static partial void LogDeadLettered(ILogger logger, long id, string source, string eventType, int attempts, string error);

    [LoggerMessage(3, LogLevel.Error, "the inbox cannot {Work} ({Error}); the dispatcher tries again, and says so once it can")]
    private static partial void LogInboxFailing(ILogger logger, string work, string error);

    [LoggerMessage(4, LogLevel.Information, "the inbox can {Work} again")]
    private static partial void LogInboxBack(ILogger logger, string work);
}
