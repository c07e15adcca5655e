using Keyward.Core.Text;
using Keyward.Providers.Instantly.Client.Models;

namespace Keyward.Rotation;

/// <summary>How old a key may get before it must be rotated (default 90 days, the usual security baseline).</summary>
/// <param name="MaxAge">The longest a key may live.</param>
public sealed record KeyAgePolicy(TimeSpan MaxAge)
{
    /// <summary>The default: 90 days.</summary>
    public static readonly KeyAgePolicy Default = new(TimeSpan.FromDays(90));

    /// <summary>Parses a duration such as <c>90d</c>, <c>12h</c> or <c>30m</c>.</summary>
    /// <param name="text">The duration.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="FormatException">The text is not a positive number followed by d, h or m.</exception>
    public static KeyAgePolicy Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DurationText.TryParse(text, out var maxAge) && maxAge > TimeSpan.Zero
            ? new KeyAgePolicy(maxAge)
            : throw new FormatException($"'{text}' is not a duration such as 90d, 12h or 30m");
    }

    /// <summary>Returns the keys older than the policy allows, oldest first.</summary>
    /// <param name="keys">The keys.</param>
    /// <param name="now">The current time.</param>
    /// <returns>Each overdue key with its age.</returns>
    public IReadOnlyList<(ApiKey Key, TimeSpan Age)> Overdue(IEnumerable<ApiKey> keys, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return [.. keys
            .Where(k => k.TimestampCreated is not null)
            .Select(k => (Key: k, Age: now - k.TimestampCreated!.Value))
            .Where(k => k.Age > MaxAge)
            .OrderByDescending(k => k.Age)];
    }
}
