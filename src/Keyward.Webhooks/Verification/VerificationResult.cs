namespace Keyward.Webhooks.Verification;

/// <summary>The outcome of verifying one delivery: valid, or the reason it is not. Never carries a secret or a
/// signature value, so it can be logged and audited as is.</summary>
/// <param name="Failure">Why it failed; <see cref="VerificationFailure.None"/> when valid.</param>
/// <param name="Detail">A short, secret-free explanation for the audit log, such as which header was missing.</param>
public readonly record struct VerificationResult(VerificationFailure Failure, string? Detail = null)
{
    /// <summary>Gets the result of a valid delivery.</summary>
    public static VerificationResult Valid => default;

    /// <summary>Gets a value indicating whether the delivery is authentic.</summary>
    public bool IsValid => Failure == VerificationFailure.None;

    /// <summary>Creates a failed result.</summary>
    /// <param name="failure">Why.</param>
    /// <param name="detail">A secret-free explanation.</param>
    /// <returns>The result.</returns>
    public static VerificationResult Fail(VerificationFailure failure, string detail) => new(failure, detail);
}
