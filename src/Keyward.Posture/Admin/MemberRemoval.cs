using Keyward.Providers.Instantly.Client.Models;

namespace Keyward.Posture.Admin;

/// <summary>A planned removal of a workspace member that passed every check (it exists, it is not an owner).</summary>
/// <remarks>Only <see cref="WorkspaceMembersManager.PlanRemovalAsync"/> makes one, so
/// <see cref="WorkspaceMembersManager.RemoveAsync(MemberRemoval, CancellationToken)"/> cannot be handed a removal
/// that skipped the checks. Show <see cref="Member"/> to the user before confirming.</remarks>
public sealed class MemberRemoval
{
    internal MemberRemoval(WorkspaceMember member) => Member = member;

    /// <summary>Gets the member to remove.</summary>
    public WorkspaceMember Member { get; }
}
