namespace Keyward.Rotation;

/// <summary>The last step a rotation completed, as its journal records it. Each step is journaled before the next
/// one acts, so a rotation killed at any moment resumes from here (docs/rotation.md walks through each).</summary>
public enum RotationStep
{
    /// <summary>The old key, the scopes and the new key's name are known; nothing changed yet.</summary>
    Planned,

    /// <summary>About to ask the vendor for the new key (or asked, and the process died before the answer was
    /// journaled): a resume revokes any key carrying this rotation's name tag, then asks again.</summary>
    Creating,

    /// <summary>The new key exists; its id and its value, sealed with the master key, are in the journal.</summary>
    Created,

    /// <summary>The new key is in the secret store as <c>pending</c>.</summary>
    Stored,

    /// <summary>The new key authenticated and each scope it was given works.</summary>
    Tested,

    /// <summary>The new key is <c>current</c> and the old one <c>previous</c>: the commit point. Consumers reload now;
    /// the old key stays valid for the grace period.</summary>
    Promoted,

    /// <summary>The old key is revoked.</summary>
    Revoked,

    /// <summary>Finished: orphans revoked, the sealed value erased from the journal.</summary>
    Done,

    /// <summary>The new key failed its test and was revoked; the old key is untouched and still current.</summary>
    Failed,
}
