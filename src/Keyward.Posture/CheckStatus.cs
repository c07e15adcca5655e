namespace Keyward.Posture;

/// <summary>How a check came out. A check that could not run is <see cref="Skipped"/> with its reason, never passed.</summary>
public enum CheckStatus
{
    /// <summary>The practice is in place.</summary>
    Pass,

    /// <summary>The practice is not in place; the result says why and how to fix it.</summary>
    Fail,

    /// <summary>The check could not run (a missing scope, no network, no data); the result says what would enable it.</summary>
    Skipped,
}
