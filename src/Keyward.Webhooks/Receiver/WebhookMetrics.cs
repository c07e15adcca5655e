using System.Diagnostics.Metrics;

namespace Keyward.Webhooks.Receiver;

/// <summary>The receiver's and dispatcher's counters, on the meter <c>Keyward.Webhooks</c> (read them with
/// <c>dotnet-counters</c> or any OpenTelemetry exporter). Tags: <c>source</c>, and <c>reason</c> on rejections.</summary>
public sealed class WebhookMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Keyward.Webhooks";

    private readonly Meter _meter;

    /// <summary>Initializes a new instance of the <see cref="WebhookMetrics"/> class.</summary>
    /// <param name="meterFactory">Creates the meter; null for a standalone one.</param>
    public WebhookMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Received = _meter.CreateCounter<long>("keyward.webhooks.received", description: "Deliveries that reached an endpoint");
        Rejected = _meter.CreateCounter<long>("keyward.webhooks.rejected", description: "Deliveries refused, by reason");
        Stored = _meter.CreateCounter<long>("keyward.webhooks.stored", description: "Events stored durably and acknowledged");
        Duplicates = _meter.CreateCounter<long>("keyward.webhooks.duplicates", description: "Retried deliveries acknowledged without a second event");
        Probes = _meter.CreateCounter<long>("keyward.webhooks.probes", description: "Authenticated probes answered without storing (secret rotations)");
        Dispatched = _meter.CreateCounter<long>("keyward.webhooks.dispatched", description: "Events a handler accepted");
        DeadLettered = _meter.CreateCounter<long>("keyward.webhooks.dead_lettered", description: "Events that failed every attempt");
        Pruned = _meter.CreateCounter<long>("keyward.webhooks.pruned", description: "Delivered events deleted after the retention period");
    }

    /// <summary>Gets deliveries that reached an endpoint.</summary>
    public Counter<long> Received { get; }

    /// <summary>Gets deliveries refused (tag <c>reason</c>).</summary>
    public Counter<long> Rejected { get; }

    /// <summary>Gets events stored and acknowledged.</summary>
    public Counter<long> Stored { get; }

    /// <summary>Gets duplicates acknowledged without a new event.</summary>
    public Counter<long> Duplicates { get; }

    /// <summary>Gets authenticated probes (<see cref="WebhookReceiver.ProbeHeader"/>), answered 204 and not stored.</summary>
    public Counter<long> Probes { get; }

    /// <summary>Gets events a handler accepted.</summary>
    public Counter<long> Dispatched { get; }

    /// <summary>Gets events dead-lettered.</summary>
    public Counter<long> DeadLettered { get; }

    /// <summary>Gets delivered events deleted once older than <see cref="Dispatch.WebhookDispatcherOptions.KeepDelivered"/>.</summary>
    public Counter<long> Pruned { get; }

    /// <inheritdoc/>
    public void Dispose() => _meter.Dispose();
}
