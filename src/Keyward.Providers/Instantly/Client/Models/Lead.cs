namespace Keyward.Providers.Instantly.Client.Models;

/// <summary>A lead (the fields the product uses).</summary>
/// <param name="Id">The lead id.</param>
/// <param name="Email">Their email.</param>
/// <param name="Campaign">The campaign, if any.</param>
/// <param name="ListId">The lead list, if any.</param>
public sealed record Lead(string Id, string? Email, string? Campaign, string? ListId);
