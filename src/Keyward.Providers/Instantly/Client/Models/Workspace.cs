namespace Keyward.Providers.Instantly.Client.Models;

/// <summary>The workspace the key belongs to.</summary>
/// <param name="Id">The workspace id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Owner">The owner's user id.</param>
/// <param name="OrgClientDomain">The workspace's own (client) domain, when set.</param>
public sealed record Workspace(string Id, string? Name, string? Owner, string? OrgClientDomain);
