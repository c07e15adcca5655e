namespace Keyward.Core;

/// <summary>How much damage a finding or a granted permission can do, from least to most.</summary>
/// <remarks>The numeric order is meaningful: <c>--fail-on</c> thresholds compare with <c>&gt;=</c>.</remarks>
public enum Severity
{
    /// <summary>Worth knowing; no action needed.</summary>
    Info = 0,

    /// <summary>Read access or a minor hygiene issue.</summary>
    Low = 1,

    /// <summary>Write access to ordinary data, or a problem that needs another to be exploited.</summary>
    Medium = 2,

    /// <summary>Control over credentials, members, workspaces or sending accounts.</summary>
    High = 3,

    /// <summary>Everything at once, such as an <c>all:all</c> key or a leaked live key.</summary>
    Critical = 4,
}
