namespace Keyward.Sandbox;

/// <summary>What a new sandbox workspace holds before the first request.</summary>
public enum SandboxSeed
{
    /// <summary>Only the owner and the admin key printed at start.</summary>
    Empty,

    /// <summary>A realistic unsafe workspace for checks and demos: an extra <c>all:all</c> key unused for 45 days, a
    /// key 400 days old whose calls in the audit log need fewer scopes than it holds, a webhook without auth headers, a
    /// plain-http webhook, a disabled webhook, three admins (one from another email domain) and an empty block list.</summary>
    Risky,
}
