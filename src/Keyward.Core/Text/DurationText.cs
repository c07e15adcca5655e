using System.Globalization;

namespace Keyward.Core.Text;

/// <summary>The short durations commands take: a whole number and a unit, <c>d</c> (days), <c>h</c> (hours),
/// <c>m</c> (minutes) or <c>s</c> (seconds), such as <c>90d</c>, <c>12h</c>, <c>45m</c>, <c>0s</c>.</summary>
public static class DurationText
{
    /// <summary>Parses a duration without throwing.</summary>
    /// <param name="text">For example <c>90d</c>.</param>
    /// <param name="duration">The duration, when the text is one.</param>
    /// <returns>Whether it is: digits only (no sign), then one of d, h, m, s.</returns>
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
            's' => TimeSpan.FromSeconds(amount),
            _ => null,
        };
        duration = parsed ?? TimeSpan.Zero;
        return parsed is not null;
    }

    /// <summary>Writes a duration in the largest unit that divides it: <c>90d</c>, <c>12h</c>, <c>45m</c>, <c>30s</c>
    /// (sub-second parts are dropped).</summary>
    /// <param name="duration">A duration of zero or more.</param>
    /// <returns>Text that <see cref="TryParse"/> reads back.</returns>
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        return seconds % 86_400 == 0 && seconds > 0 ? $"{seconds / 86_400}d"
            : seconds % 3_600 == 0 && seconds > 0 ? $"{seconds / 3_600}h"
            : seconds % 60 == 0 && seconds > 0 ? $"{seconds / 60}m"
            : $"{seconds}s";
    }
}
