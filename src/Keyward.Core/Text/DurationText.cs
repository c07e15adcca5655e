using System.Globalization;

namespace Keyward.Core.Text;

/// <summary>The short durations commands take: a whole number and a unit, <c>d</c> (days), <c>h</c> (hours) or
/// <c>m</c> (minutes), such as <c>90d</c>, <c>12h</c>, <c>45m</c>.</summary>
public static class DurationText
{
    /// <summary>Parses a duration without throwing.</summary>
    /// <param name="text">For example <c>90d</c>.</param>
    /// <param name="duration">The duration, when the text is one.</param>
    /// <returns>Whether it is: digits only (no sign), then one of d, h, m.</returns>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text is not { Length: >= 2 } || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        TimeSpan? parsed = text[^1] switch
        {
            'd' => TimeSpan.FromDays(amount),
            'h' => TimeSpan.FromHours(amount),
            'm' => TimeSpan.FromMinutes(amount),
            _ => null,
        };
        duration = parsed ?? TimeSpan.Zero;
        return parsed is not null;
    }
}
