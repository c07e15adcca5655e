using System.Collections.Concurrent;

namespace Keyward.Core.Auditing;

/// <summary>Keeps audit records in memory: the default sink until a durable audit log is configured, and the one
/// tests read back.</summary>
/// <remarks>Nothing survives the process; use it for tests and short-lived tools, not as a security record.</remarks>
public sealed class InMemoryAuditSink : IAuditSink
{
    private readonly ConcurrentQueue<AuditRecord> _records = new();

    /// <summary>Gets the records written so far, oldest first.</summary>
    public IReadOnlyCollection<AuditRecord> Records => _records;

    /// <inheritdoc/>
    public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        _records.Enqueue(record);
        return ValueTask.CompletedTask;
    }
}
