using Keyward.Providers.Instantly.Client.Models;

namespace Keyward.Posture.Admin;

/// <summary>A workspace member, whether their role is privileged, and what to review about them.</summary>
/// <param name="Member">The member.</param>
/// <param name="Findings">What to review; empty when nothing is.</param>
public sealed record MemberReport(WorkspaceMember Member, IReadOnlyList<MemberFinding> Findings)
{
    /// <summary>Gets a value indicating whether the member is an owner.</summary>
    public bool IsOwner => WorkspaceMembersManager.IsOwner(Member);

    /// <summary>Gets a value indicating whether the member is an owner or an admin: the roles that manage members,
    /// billing and integrations, and so the ones to keep few.</summary>
    public bool IsPrivileged => WorkspaceMembersManager.IsPrivileged(Member);

    /// <summary>Gets the member's email domain, lower-case.</summary>
    public string Domain => MailNames.DomainOf(Member.Email);
}
