using System.Text.Json.Nodes;
using Keyward.Core.Serialization;

namespace Keyward.Cli;

/// <summary>Helpers for the <see cref="JsonNode"/> trees that <c>--json</c> output is built from, so it follows
/// <see cref="KeywardJson.Options"/>' conventions without the reflection-based serializer, which Native AOT lacks.</summary>
internal static class JsonTree
{
    /// <summary>Removes the properties whose value is null, as <see cref="KeywardJson.Options"/> leave null fields out
    /// of serialized objects; a tree would write them as <c>null</c>.</summary>
    /// <param name="value">The object; its nested objects are not touched.</param>
    /// <returns>The same object.</returns>
    public static JsonObject WithoutNulls(this JsonObject value)
    {
        foreach (var name in value.Where(p => p.Value is null).Select(p => p.Key).ToArray())
        {
            value.Remove(name);
        }

        return value;
    }

    /// <summary>Makes an array of strings, as a serialized string collection would be written.</summary>
    /// <param name="values">The strings.</param>
    /// <returns>The array.</returns>
    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => JsonValue.Create(v))]);
}
