namespace Keyward.Core.Auditing;

/// <summary>Where audited actions go: the seam between the code that acts and the audit log that keeps the record.</summary>
/// <remarks>
/// An implementation returns only once the record is stored as durably as it promises; if it cannot store it, it
/// throws, and the caller fails the audited action (an attacker must not be able to act unlogged by breaking the
/// log). Implementations must be thread-safe.
/// </remarks>
public interface IAuditSink
{
    /// <summary>Stores one record.</summary>
    /// <param name="record">The record; its metadata holds no secrets.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the record is stored.</returns>
    ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken = default);
}
