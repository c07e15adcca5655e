using Keyward.Webhooks.Verification;

namespace Keyward.Webhooks.Tests.Verification;

/// <summary>Builds a <see cref="HeaderLookup"/> from name/value pairs, ignoring case as HTTP does.</summary>
internal static class TestHeaders
{
    public static HeaderLookup Of(params (string Name, string Value)[] headers)
    {
        var map = headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);
        return name => map.TryGetValue(name, out var value) ? value : null;
    }

    public static HeaderLookup With(IReadOnlyDictionary<string, string> signed, string name, string value)
    {
        var map = new Dictionary<string, string>(signed, StringComparer.OrdinalIgnoreCase) { [name] = value };
        return n => map.TryGetValue(n, out var v) ? v : null;
    }

    public static HeaderLookup Without(IReadOnlyDictionary<string, string> signed, string name)
    {
        var map = new Dictionary<string, string>(signed, StringComparer.OrdinalIgnoreCase);
        map.Remove(name);
        return n => map.TryGetValue(n, out var v) ? v : null;
    }
}
