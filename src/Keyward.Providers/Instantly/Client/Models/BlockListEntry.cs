namespace Keyward.Providers.Instantly.Client.Models;

/// <summary>A blocked email address or domain.</summary>
/// <param name="Id">The entry id.</param>
/// <param name="BlValue">The address or domain.</param>
/// <param name="IsDomain">Whether it is a domain.</param>
/// <param name="TimestampCreated">When it was added.</param>
public sealed record BlockListEntry(string Id, string BlValue, bool? IsDomain, DateTimeOffset? TimestampCreated);
