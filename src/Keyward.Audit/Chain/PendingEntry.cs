namespace Keyward.Audit.Chain;

/// <summary>An entry on its way into the log: everything but its sequence and hashes, which the store assigns
/// inside the transaction that appends it, so concurrent writers keep one chain.</summary>
internal sealed record PendingEntry(
    DateTimeOffset Timestamp,
    string Actor,
    string Action,
    string Resource,
    bool Succeeded,
    string? Reason,
    string Metadata,
    string Source,
    string? SourceId);
