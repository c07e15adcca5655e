namespace Keyward.Webhooks.Verification;

/// <summary>Why a delivery failed verification. The receiver answers every failure with the same generic 401 and
/// records this reason only in the audit log, so a prober learns nothing.</summary>
public enum VerificationFailure
{
    /// <summary>Verified.</summary>
    None,

    /// <summary>A header the scheme needs is absent.</summary>
    MissingHeader,

    /// <summary>A header is present but cannot be read (bad encoding, wrong format, unknown version).</summary>
    MalformedHeader,

    /// <summary>The shared secret (header secret, basic-auth credentials) does not match any accepted secret.</summary>
    BadSecret,

    /// <summary>No signature matches the body under any accepted secret.</summary>
    BadSignature,

    /// <summary>The signed timestamp is outside the tolerance: a replay, or a clock far off.</summary>
    StaleTimestamp,
}
