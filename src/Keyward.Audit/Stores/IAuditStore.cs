using Keyward.Audit.Chain;

namespace Keyward.Audit.Stores;

/// <summary>Where entries live: the seam between the chain logic and SQLite or PostgreSQL. Both stores pass one
/// contract test suite.</summary>
/// <remarks>
/// <see cref="AppendAsync"/> must read the head, link the batch and insert it inside one transaction that excludes
/// every other writer (threads and processes), so the log stays one linear chain, and must return only once the
/// transaction is durable.
/// </remarks>
internal interface IAuditStore : IAsyncDisposable
{
    /// <summary>Gets where the store is, for messages (never a password).</summary>
    string Description { get; }

    /// <summary>Links and appends a batch; entries whose (source, source id) is already stored are skipped.</summary>
    /// <returns>One result per pending entry, in order: the stored entry, or null when it was skipped.</returns>
    Task<IReadOnlyList<AuditEntry?>> AppendAsync(IReadOnlyList<PendingEntry> batch, AuditChain chain, CancellationToken cancellationToken);

    /// <summary>Reads entries in sequence order from <paramref name="fromSequence"/>, streaming.</summary>
    IAsyncEnumerable<AuditEntry> ReadAsync(long fromSequence, CancellationToken cancellationToken);

    /// <summary>Reads every entry in sequence order as the chain encodes it, for verification.</summary>
    IAsyncEnumerable<Verification.VerificationRow> ReadForVerificationAsync(CancellationToken cancellationToken);

    /// <summary>Reads the last <paramref name="count"/> entries, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> TailAsync(int count, CancellationToken cancellationToken);

    /// <summary>Reads the chain algorithm fixed at the first append, or null for an empty log.</summary>
    Task<string?> AlgorithmAsync(CancellationToken cancellationToken);

    /// <summary>Reads the newest timestamp among entries of <paramref name="source"/>, for resumable imports.</summary>
    Task<DateTimeOffset?> LatestAsync(string source, CancellationToken cancellationToken);
}
