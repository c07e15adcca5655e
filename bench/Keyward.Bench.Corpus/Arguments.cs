using System.Globalization;

namespace Keyward.Bench.Corpus;

/// <summary>"--name value" pairs after the verb; unknown or repeated names are usage errors.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public Arguments(IEnumerable<string> args, IReadOnlyCollection<string> known)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            string value;
            if (equals > 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (e.MoveNext())
            {
                value = e.Current;
            }
            else
            {
                throw new UsageException($"{name} needs a value");
            }

            if (!known.Contains(name))
            {
                throw new UsageException($"unknown option '{name}'; known: {string.Join(", ", known)}");
            }

            if (!_values.TryAdd(name, value))
            {
                throw new UsageException($"{name} is given twice");
            }
        }
    }

    public string Required(string name) => _values.TryGetValue(name, out var value) ? value : throw new UsageException($"{name} is required");

    public string? Optional(string name) => _values.GetValueOrDefault(name);

    public int Int(string name, int fallback, int min, int max)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"{name} must be a whole number from {min} to {max}");
    }
}
