namespace Keyward.Audit.Verification;

/// <summary>One entry as <c>verify</c> needs it: its place in the chain and the exact bytes its hash covers, read
/// without turning the fields into strings.</summary>
internal sealed record VerificationRow(long Sequence, byte[] PreviousHash, byte[] Hash, byte[] Encoded);
