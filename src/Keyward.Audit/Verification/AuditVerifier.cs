using System.Threading.Channels;
using Keyward.Audit.Chain;
using Keyward.Audit.Checkpoints;

namespace Keyward.Audit.Verification;

/// <summary>Walks the log in sequence order and checks, for each entry, that its sequence follows the previous one,
/// that it links to the previous hash, and that its hash matches its fields; then checks the checkpoint.</summary>
/// <remarks>Reading runs ahead on its own task in chunks, and each chunk's hashes are recomputed on every core
/// (each hash needs only its own entry); the checks themselves run in order, so the first problem is the one
/// reported.</remarks>
internal static class AuditVerifier
{
    private const int ChunkSize = 4096;

    /// <param name="rows">The log in sequence order, encoded.</param>
    /// <param name="chain">Recomputes hashes.</param>
    /// <param name="checkpoint">Optional signed head.</param>
    /// <param name="describe">Reads one entry, to name what changed in the report.</param>
    /// <param name="cancellationToken">Stops verifying.</param>
    public static async Task<AuditVerification> VerifyAsync(
        IAsyncEnumerable<VerificationRow> rows,
        AuditChain chain,
        AuditCheckpoint? checkpoint,
        Func<long, CancellationToken, Task<AuditEntry?>> describe,
        CancellationToken cancellationToken)
    {
        if (checkpoint is not null && !checkpoint.HasValidSignature())
        {
            return new AuditVerification(0, 0, null, new AuditProblem(checkpoint.Sequence, AuditProblemKind.CheckpointForged,
                "the checkpoint's signature does not verify: the checkpoint file was altered"));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var chunks = Channel.CreateBounded<VerificationRow[]>(4);
        var reader = Task.Run(() => ReadChunksAsync(rows, chunks.Writer, stop.Token), stop.Token);
        try
        {
            long checkedCount = 0, expected = 1;
            var previous = AuditChain.Genesis;
            VerificationRow? last = null;
            await foreach (var chunk in chunks.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var valid = new bool[chunk.Length];
                Parallel.For(0, chunk.Length, new ParallelOptions { CancellationToken = cancellationToken }, i => valid[i] = chain.Matches(chunk[i].Encoded, chunk[i].Hash));
                for (var i = 0; i < chunk.Length; i++)
                {
                    var entry = chunk[i];
                    if (Check(entry, expected, previous, valid[i], checkpoint) is { } problem)
                    {
                        if (problem.Kind == AuditProblemKind.Changed && await describe(entry.Sequence, cancellationToken).ConfigureAwait(false) is { } changed)
                        {
                            problem = problem with { Detail = $"entry {entry.Sequence} ({changed.Action} on {changed.Resource}) was changed after it was written" };
                        }

                        return new AuditVerification(checkedCount, last?.Sequence ?? 0, Hex(last), problem);
                    }

                    checkedCount++;
                    expected++;
                    previous = entry.Hash;
                    last = entry;
                }
            }

            await reader.ConfigureAwait(false);
            if (checkpoint is not null && (last?.Sequence ?? 0) < checkpoint.Sequence)
            {
                return new AuditVerification(checkedCount, last?.Sequence ?? 0, Hex(last), new AuditProblem((last?.Sequence ?? 0) + 1, AuditProblemKind.Truncated,
                    $"the log ends at entry {last?.Sequence ?? 0} but the checkpoint of {checkpoint.Created:u} signed entry {checkpoint.Sequence}: its tail was cut off"));
            }

            return new AuditVerification(checkedCount, last?.Sequence ?? 0, Hex(last), null);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await reader.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static string? Hex(VerificationRow? row) => row is null ? null : Convert.ToHexStringLower(row.Hash);

    private static AuditProblem? Check(VerificationRow entry, long expected, byte[] previous, bool hashMatches, AuditCheckpoint? checkpoint)
    {
        if (entry.Sequence != expected)
        {
            return new AuditProblem(expected, AuditProblemKind.Missing,
                entry.Sequence == expected + 1 ? $"entry {expected} is missing" : $"entries {expected} to {entry.Sequence - 1} are missing");
        }

        if (!entry.PreviousHash.AsSpan().SequenceEqual(previous))
        {
            return new AuditProblem(entry.Sequence, AuditProblemKind.Reordered,
                $"entry {entry.Sequence} does not follow entry {entry.Sequence - 1}: entries were moved, inserted, or deleted and renumbered");
        }

        if (!hashMatches)
        {
            return new AuditProblem(entry.Sequence, AuditProblemKind.Changed, $"entry {entry.Sequence} was changed after it was written");
        }

        return checkpoint is not null && entry.Sequence == checkpoint.Sequence && Hex(entry) != checkpoint.HeadHash
            ? new AuditProblem(entry.Sequence, AuditProblemKind.CheckpointMismatch,
                $"entry {entry.Sequence} is not the one the checkpoint of {checkpoint.Created:u} signed: the history up to it was rewritten")
            : null;
    }

    private static async Task ReadChunksAsync(IAsyncEnumerable<VerificationRow> entries, ChannelWriter<VerificationRow[]> chunks, CancellationToken cancellationToken)
    {
        try
        {
            var chunk = new List<VerificationRow>(ChunkSize);
            await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                chunk.Add(entry);
                if (chunk.Count == ChunkSize)
                {
                    await chunks.WriteAsync([.. chunk], cancellationToken).ConfigureAwait(false);
                    chunk.Clear();
                }
            }

            if (chunk.Count > 0)
            {
                await chunks.WriteAsync([.. chunk], cancellationToken).ConfigureAwait(false);
            }

            chunks.Complete();
        }
        catch (Exception e)
        {
            chunks.Complete(e);
            throw;
        }
    }
}
