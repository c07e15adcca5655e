namespace Keyward.Audit.Verification;

/// <summary>The kind of the first problem <c>verify</c> found.</summary>
public enum AuditProblemKind
{
    /// <summary>An entry's fields no longer match its hash: edited in place.</summary>
    Changed,

    /// <summary>Sequence numbers skip: entries were deleted.</summary>
    Missing,

    /// <summary>An entry does not link to the one before it: entries were moved, inserted, or deleted and renumbered.</summary>
    Reordered,

    /// <summary>The log ends before the checkpoint's sequence: its tail was cut off.</summary>
    Truncated,

    /// <summary>The entry at the checkpoint's sequence has another hash: the history up to there was rewritten.</summary>
    CheckpointMismatch,

    /// <summary>The checkpoint's signature does not verify: the checkpoint itself was altered.</summary>
    CheckpointForged,
}
