namespace Keyward.Providers.Instantly.Client.Models;

/// <summary>One page of a list: its items and the cursor of the next page (null on the last).</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items.</param>
/// <param name="NextStartingAfter">Pass as <c>startingAfter</c> for the next page; null when there is none.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextStartingAfter);
