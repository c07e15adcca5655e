namespace Keyward.Providers.Instantly.Client.Models;

/// <summary>A member of the workspace and their role (<c>owner</c>, <c>admin</c>, <c>editor</c>, <c>view</c>, <c>client</c>).</summary>
/// <param name="Id">The member id.</param>
/// <param name="Email">Their email.</param>
/// <param name="Role">Their role.</param>
/// <param name="Accepted">Whether they accepted the invitation.</param>
/// <param name="TimestampCreated">When they were added.</param>
public sealed record WorkspaceMember(string Id, string Email, string Role, bool? Accepted, DateTimeOffset? TimestampCreated);
