using Keyward.Audit.Chain;
using Keyward.Audit.Checkpoints;

namespace Keyward.Audit.Verification;

/// <summary>Walks the log in sequence order and checks, for each entry, that its sequence follows the previous one,
/// that it links to the previous hash, and that its hash matches its fields; then checks the checkpoint.</summary>
internal static class AuditVerifier
{
    public static async Task<AuditVerification> VerifyAsync(
        IAsyncEnumerable<AuditEntry> entries, AuditChain chain, AuditCheckpoint? checkpoint, CancellationToken cancellationToken)
    {
        if (checkpoint is not null && !checkpoint.HasValidSignature())
        {
            return new AuditVerification(0, 0, null, new AuditProblem(checkpoint.Sequence, AuditProblemKind.CheckpointForged,
                "the checkpoint's signature does not verify: the checkpoint file was altered"));
        }

        long checkedCount = 0, expected = 1;
        var previous = AuditChain.Genesis;
        AuditEntry? last = null;
        await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (entry.Sequence != expected)
            {
                return Fail(checkedCount, last, new AuditProblem(expected, AuditProblemKind.Missing,
                    entry.Sequence == expected + 1 ? $"entry {expected} is missing" : $"entries {expected} to {entry.Sequence - 1} are missing"));
            }

            if (!entry.PreviousHash.AsSpan().SequenceEqual(previous))
            {
                return Fail(checkedCount, last, new AuditProblem(entry.Sequence, AuditProblemKind.Reordered,
                    $"entry {entry.Sequence} does not follow entry {entry.Sequence - 1}: entries were moved, inserted, or deleted and renumbered"));
            }

            if (!chain.Compute(entry).AsSpan().SequenceEqual(entry.Hash))
            {
                return Fail(checkedCount, last, new AuditProblem(entry.Sequence, AuditProblemKind.Changed,
                    $"entry {entry.Sequence} ({entry.Action} on {entry.Resource}) was changed after it was written"));
            }

            if (checkpoint is not null && entry.Sequence == checkpoint.Sequence && entry.HashHex != checkpoint.HeadHash)
            {
                return Fail(checkedCount, last, new AuditProblem(entry.Sequence, AuditProblemKind.CheckpointMismatch,
                    $"entry {entry.Sequence} is not the one the checkpoint of {checkpoint.Created:u} signed: the history up to it was rewritten"));
            }

            checkedCount++;
            expected++;
            previous = entry.Hash;
            last = entry;
        }

        if (checkpoint is not null && (last?.Sequence ?? 0) < checkpoint.Sequence)
        {
            return Fail(checkedCount, last, new AuditProblem((last?.Sequence ?? 0) + 1, AuditProblemKind.Truncated,
                $"the log ends at entry {last?.Sequence ?? 0} but the checkpoint of {checkpoint.Created:u} signed entry {checkpoint.Sequence}: its tail was cut off"));
        }

        return new AuditVerification(checkedCount, last?.Sequence ?? 0, last?.HashHex, null);
    }

    private static AuditVerification Fail(long checkedCount, AuditEntry? last, AuditProblem problem) =>
        new(checkedCount, last?.Sequence ?? 0, last?.HashHex, problem);
}
