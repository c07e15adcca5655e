namespace Keyward.Audit.Verification;

/// <summary>What <c>verify</c> found.</summary>
/// <param name="EntriesChecked">Entries read and checked.</param>
/// <param name="HeadSequence">The last entry's sequence, or 0 for an empty log.</param>
/// <param name="HeadHash">The last entry's hash as hex, or null.</param>
/// <param name="Problem">The first problem, or null when the log verifies.</param>
public sealed record AuditVerification(long EntriesChecked, long HeadSequence, string? HeadHash, AuditProblem? Problem)
{
    /// <summary>Gets a value indicating whether every check passed.</summary>
    public bool IsValid => Problem is null;
}
