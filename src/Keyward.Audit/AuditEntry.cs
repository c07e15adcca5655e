namespace Keyward.Audit;

/// <summary>One stored entry of the audit log, with its place in the hash chain.</summary>
/// <param name="Sequence">1, 2, 3, ... without gaps.</param>
/// <param name="Timestamp">When the action finished (microsecond precision).</param>
/// <param name="Actor">Who acted: a user, a key id, a service.</param>
/// <param name="Action">What was done, such as <c>instantly.api.call</c> or <c>key.rotate.promote</c>.</param>
/// <param name="Resource">What it was done to.</param>
/// <param name="Succeeded">Whether it succeeded.</param>
/// <param name="Reason">Why it failed, or null.</param>
/// <param name="Metadata">Canonical JSON object (sorted keys, no whitespace), redacted.</param>
/// <param name="Source"><c>local</c>, or <c>instantly</c> for imported entries.</param>
/// <param name="SourceId">The vendor's id of an imported entry (imports are idempotent by it), or null.</param>
/// <param name="PreviousHash">The previous entry's hash (32 zero bytes for the first).</param>
/// <param name="Hash">SHA-256 or HMAC-SHA256 over the previous hash and this entry's canonical encoding.</param>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset Timestamp,
    string Actor,
    string Action,
    string Resource,
    bool Succeeded,
    string? Reason,
    string Metadata,
    string Source,
    string? SourceId,
    byte[] PreviousHash,
    byte[] Hash)
{
    /// <summary>The source of entries written here.</summary>
    public const string LocalSource = "local";

    /// <summary>The source of entries imported from Instantly's audit log.</summary>
    public const string InstantlySource = "instantly";

    /// <summary>Gets the hash as lower-case hex.</summary>
    public string HashHex => Convert.ToHexStringLower(Hash);
}
