using Keyward.Core.Auditing;

namespace Keyward.Testing;

/// <summary>An audit sink that keeps every record in memory so a test can assert what was audited.</summary>
/// <remarks>Thread-safe: concurrent writers are fine, and <see cref="Records"/> returns a snapshot in write order.
/// Optionally fails every write, to test that callers fail the audited action when the log is broken.</remarks>
public sealed class CollectingAuditSink : IAuditSink
{
    private readonly Lock _gate = new();
    private readonly List<AuditRecord> _records = [];

    /// <summary>Gets or sets a value indicating whether every write throws <see cref="InvalidOperationException"/>.</summary>
    /// <value>The default value is false.</value>
    public bool FailWrites { get; set; }

    /// <summary>Gets a snapshot of the records written so far, oldest first.</summary>
    public IReadOnlyList<AuditRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _records];
            }
        }
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException"><see cref="FailWrites"/> is set.</exception>
    public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        if (FailWrites)
        {
            throw new InvalidOperationException("CollectingAuditSink is set to fail writes.");
        }

        lock (_gate)
        {
            _records.Add(record);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Removes every record.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _records.Clear();
        }
    }
}
