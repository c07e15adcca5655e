namespace Keyward.Sandbox;

/// <summary>What a new sandbox workspace holds before the first request.</summary>
public enum SandboxSeed
{
    /// <summary>Only the owner and the admin key printed at start.</summary>
    Empty,

    /// <summary>A realistic unsafe workspace for checks and demos: an extra <c>all:all</c> key, a key 400 days old,
    /// a webhook without auth headers, a plain-http webhook, a disabled webhook, three admins and an empty block list.</summary>
    Risky,
}
