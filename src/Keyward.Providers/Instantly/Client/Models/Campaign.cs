namespace Keyward.Providers.Instantly.Client.Models;

/// <summary>A campaign (the fields the product uses).</summary>
/// <param name="Id">The campaign id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Status">Instantly's status number (0 draft, 1 active, 2 paused, ...).</param>
/// <param name="TimestampCreated">When it was created.</param>
public sealed record Campaign(string Id, string Name, int? Status, DateTimeOffset? TimestampCreated);
