using System.CommandLine;
using System.Globalization;

namespace Keyward.Cli;

/// <summary>Range checks for numeric options, so an out-of-range value is a parse error (exit 2, naming the option
/// and the range) rather than a failure deep inside a command.</summary>
internal static class OptionRanges
{
    /// <summary>Refuses values of <paramref name="option"/> outside <paramref name="min"/>..<paramref name="max"/>.</summary>
    /// <param name="option">The option.</param>
    /// <param name="min">The smallest value accepted.</param>
    /// <param name="max">The largest value accepted; <see cref="int.MaxValue"/> for no upper bound.</param>
    /// <returns><paramref name="option"/>, to chain.</returns>
    public static Option<int> InRange(this Option<int> option, int min, int max = int.MaxValue)
    {
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is var value && (value < min || value > max))
            {
                r.AddError(max == int.MaxValue
                    ? string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be at least {min}")
                    : string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be between {min} and {max}"));
            }
        });
        return option;
    }
}
