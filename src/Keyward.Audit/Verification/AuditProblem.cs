namespace Keyward.Audit.Verification;

/// <summary>The first problem found, at the sequence number where it shows.</summary>
/// <param name="Sequence">The entry (or the expected entry) where the chain breaks.</param>
/// <param name="Kind">What kind of edit it indicates.</param>
/// <param name="Detail">A sentence for people.</param>
public sealed record AuditProblem(long Sequence, AuditProblemKind Kind, string Detail);
