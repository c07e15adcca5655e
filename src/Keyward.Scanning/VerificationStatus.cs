namespace Keyward.Scanning;

/// <summary>What a live check of a found key said.</summary>
public enum VerificationStatus
{
    /// <summary>The vendor accepted the key: it is live and must be rotated now.</summary>
    Live = 0,

    /// <summary>The vendor rejected the key (unknown or revoked).</summary>
    Invalid = 1,

    /// <summary>The check could not tell (network error, rate limit, unexpected status).</summary>
    Unknown = 2,
}
