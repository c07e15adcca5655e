using System.Text;
using Keyward.Audit.Chain;
using Keyward.Audit.Checkpoints;
using Keyward.Audit.Stores;
using Keyward.Audit.Verification;
using Keyward.Core.Auditing;
using Keyward.Core.Storage;

namespace Keyward.Audit;

/// <summary>The tamper-evident audit log: an <see cref="IAuditSink"/> that redacts, hash-chains and durably stores
/// every record, batching concurrent appends into one transaction (group commit).</summary>
/// <remarks>
/// <para>Open one per process with <see cref="OpenAsync"/> and share it; it is thread-safe, and several processes
/// may write the same store (they serialize in the database). An awaited append returns only once its entry is
/// committed. <see cref="VerifyAsync"/> finds any changed, missing or reordered entry; a signed
/// <see cref="AuditCheckpoint"/> kept elsewhere also exposes a truncated tail. docs/audit-log.md states the
/// guarantees and their limits.</para>
/// </remarks>
public sealed class AuditLog : IAuditSink, IAsyncDisposable
{
    private readonly IAuditStore _store;
    private readonly AuditChain _chain;
    private readonly AuditLogOptions _options;
    private readonly GroupCommit<PendingEntry, AuditEntry?> _writer;

    private AuditLog(IAuditStore store, AuditChain chain, AuditLogOptions options)
    {
        _store = store;
        _chain = chain;
        _options = options;
        _writer = new GroupCommit<PendingEntry, AuditEntry?>(WriteBatch, options.MaxBatch, "Keyward audit log writer", typeof(AuditLog));
    }

    /// <summary>Gets the store, for messages: <c>sqlite:/path/audit.db</c> or <c>postgres:Host=...</c> (no password).</summary>
    public string Store => _store.Description;

    /// <summary>Opens (and creates if needed) the log.</summary>
    /// <param name="options">Store, HMAC key, failure mode.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The log; dispose it to flush and close.</returns>
    /// <exception cref="AuditConfigurationException">The store reference or the key is unusable.</exception>
    public static async Task<AuditLog> OpenAsync(AuditLogOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = options.HmacKey is null ? null : Encoding.UTF8.GetBytes(options.HmacKey.Reveal());
        if (key is { Length: < 32 })
        {
            throw new AuditConfigurationException("the audit HMAC key must be at least 32 bytes; generate one with: openssl rand -base64 32");
        }

        var store = await AuditStores.OpenAsync(options.Store, cancellationToken).ConfigureAwait(false);
        return new AuditLog(store, new AuditChain(key), options);
    }

    /// <inheritdoc/>
    /// <remarks>In <see cref="AuditFailureMode.Fail"/> mode a storage failure throws, failing the audited action.</remarks>
    public async ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        try
        {
            await AppendAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (_options.FailureMode == AuditFailureMode.Warn && e is not OperationCanceledException)
        {
            _options.OnWarning?.Invoke(e);
        }
    }

    /// <summary>Appends a record and returns its entry once it is durable.</summary>
    /// <param name="record">The record; secrets in any field are redacted before it is stored.</param>
    /// <param name="cancellationToken">Stops waiting (the entry may still be written).</param>
    /// <returns>The stored entry with its sequence and hash.</returns>
    public async Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var stored = await _writer.AddAsync(Pending(record, AuditEntry.LocalSource, null), cancellationToken).ConfigureAwait(false);
        return stored ?? throw new InvalidOperationException("a local entry was skipped as a duplicate");
    }

    /// <summary>Reads entries in order, from <paramref name="fromSequence"/>.</summary>
    /// <param name="fromSequence">The first sequence number to read.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The entries, streaming.</returns>
    public IAsyncEnumerable<AuditEntry> ReadAsync(long fromSequence = 1, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(fromSequence, cancellationToken);

    /// <summary>Reads the last <paramref name="count"/> entries, oldest first.</summary>
    /// <param name="count">How many.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries.</returns>
    public Task<IReadOnlyList<AuditEntry>> TailAsync(int count, CancellationToken cancellationToken = default) =>
        _store.TailAsync(Math.Max(0, count), cancellationToken);

    /// <summary>Checks every entry's sequence, link and hash, and the checkpoint if given.</summary>
    /// <param name="checkpoint">A checkpoint kept elsewhere; also exposes a truncated or rewritten tail.</param>
    /// <param name="cancellationToken">Stops verifying.</param>
    /// <returns>The result, naming the first problem.</returns>
    /// <exception cref="AuditConfigurationException">The log is HMAC-chained and no key (or another key) is configured.</exception>
    public async Task<AuditVerification> VerifyAsync(AuditCheckpoint? checkpoint = null, CancellationToken cancellationToken = default)
    {
        var algorithm = await _store.AlgorithmAsync(cancellationToken).ConfigureAwait(false);
        if (algorithm is not null && algorithm != _chain.Algorithm)
        {
            throw new AuditConfigurationException(algorithm == "hmac-sha256"
                ? "this audit log is HMAC-chained: pass the key it was written with (--key REF) to verify it"
                : $"this audit log is chained with {algorithm}; verify it without an HMAC key");
        }

        return await AuditVerifier.VerifyAsync(
            _store.ReadForVerificationAsync(cancellationToken),
            _chain,
            checkpoint,
            async (sequence, ct) => await _store.ReadAsync(sequence, ct).FirstOrDefaultAsync(ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Signs the current head: sequence and hash, for keeping outside the database.</summary>
    /// <param name="signingKey">The ECDSA P-256 key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The checkpoint.</returns>
    /// <exception cref="InvalidOperationException">The log is empty.</exception>
    public async Task<AuditCheckpoint> CheckpointAsync(System.Security.Cryptography.ECDsa signingKey, CancellationToken cancellationToken = default)
    {
        var head = (await _store.TailAsync(1, cancellationToken).ConfigureAwait(false)).SingleOrDefault()
            ?? throw new InvalidOperationException("the audit log is empty: there is nothing to checkpoint yet");
        return AuditCheckpoint.Create(head, _chain.Algorithm, signingKey, _options.TimeProvider.GetUtcNow());
    }

    /// <summary>Disposes after every queued append is written.</summary>
    /// <returns>A task that completes when closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _store.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Appends imported entries, skipping those whose (source, source id) is already stored.</summary>
    internal async Task<int> ImportAsync(IEnumerable<(AuditRecord Record, string SourceId)> records, string source, CancellationToken cancellationToken)
    {
        var tasks = records.Select(r => _writer.AddAsync(Pending(r.Record, source, r.SourceId), cancellationToken)).ToArray();
        var stored = await Task.WhenAll(tasks).ConfigureAwait(false);
        return stored.Count(e => e is not null);
    }

    /// <summary>Gets the clock entries are stamped with.</summary>
    internal TimeProvider Clock => _options.TimeProvider;

    internal Task<DateTimeOffset?> LatestAsync(string source, CancellationToken cancellationToken) => _store.LatestAsync(source, cancellationToken);

    private static PendingEntry Pending(AuditRecord record, string source, string? sourceId) => new(
        record.Timestamp,
        AuditRedactor.Redact(record.Actor),
        AuditRedactor.Redact(record.Action),
        AuditRedactor.Redact(record.Resource),
        record.Succeeded,
        AuditRedactor.RedactNullable(record.Reason),
        AuditRedactor.Metadata(record.Metadata),
        source,
        sourceId);

    /// <summary>Writes one group-commit batch on its writer thread. The stores' API is asynchronous (PostgreSQL's
    /// really is); the thread exists to wait for the commit, so it blocks on it here.</summary>
    private IReadOnlyList<AuditEntry?> WriteBatch(IReadOnlyList<PendingEntry> batch) =>
        _store.AppendAsync(batch, _chain, CancellationToken.None).GetAwaiter().GetResult();
}
