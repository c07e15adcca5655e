namespace Keyward.Rotation;

/// <summary>One rotation as its journal holds it. Never holds a key value: the new key's value is sealed in the
/// journal, and opened only by <see cref="RotationJournal.OpenNewKey(RotationRecord)"/>.</summary>
/// <param name="Id">The rotation id, also the tag in the new key's name (for example <c>kwrot-3f9a2c1d7b40</c>).</param>
/// <param name="Secret">The rotated secret's reference, for display (passwords masked).</param>
/// <param name="Step">The last completed step.</param>
/// <param name="OldKeyId">The key being replaced.</param>
/// <param name="OldKeyName">Its name.</param>
/// <param name="Scopes">The new key's scopes, space-separated.</param>
/// <param name="NewKeyName">The new key's name, carrying the tag.</param>
/// <param name="NewKeyId">The new key, once created.</param>
/// <param name="PendingVersion">The store's version id of the new key, once stored.</param>
/// <param name="Grace">How long the old key stays valid after the promotion.</param>
/// <param name="PromotedAt">When the new key became current.</param>
/// <param name="StartedAt">When the rotation was planned.</param>
/// <param name="UpdatedAt">When the journal last changed.</param>
/// <param name="Failure">Why the rotation failed or is held, if it did or is.</param>
public sealed record RotationRecord(
    string Id,
    string Secret,
    RotationStep Step,
    string OldKeyId,
    string OldKeyName,
    string Scopes,
    string NewKeyName,
    string? NewKeyId,
    string? PendingVersion,
    TimeSpan Grace,
    DateTimeOffset? PromotedAt,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    string? Failure)
{
    /// <summary>Gets a value indicating whether the rotation has nothing left to do.</summary>
    public bool IsFinished => Step is RotationStep.Done or RotationStep.Failed;

    /// <summary>Gets when the old key may be revoked, once promoted.</summary>
    public DateTimeOffset? GraceEndsAt => PromotedAt + Grace;
}
