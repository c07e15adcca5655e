namespace Keyward.Posture.Admin;

/// <summary>What a workspace member's access should be reviewed for.</summary>
public enum MemberFinding
{
    /// <summary>Their email domain is not one of the allowed domains: a contractor, a personal mailbox, or an
    /// account that outlived its owner's job, with access to every lead and mailbox of the workspace.</summary>
    OutsideAllowedDomains,
}
