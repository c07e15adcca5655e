namespace Keyward.Providers.Instantly.Client.Models;

/// <summary>A sending account. Passwords are never part of it.</summary>
/// <param name="Email">The account's address (its id).</param>
/// <param name="Status">Instantly's status number (1 active, 2 paused, negative for errors).</param>
/// <param name="TimestampCreated">When it was added.</param>
public sealed record Account(string Email, int? Status, DateTimeOffset? TimestampCreated);
