using System.Text.Json.Nodes;

namespace Keyward.Core.Serialization;

/// <summary>Helpers for the <see cref="JsonNode"/> trees that keyward's JSON output is built from (see
/// <see cref="KeywardJson"/>), so every command and report follows the same conventions without the reflection-based
/// serializer, which trimmed and Native AOT builds lack.</summary>
public static class JsonTree
{
    /// <summary>Removes the properties whose value is null: keyward's JSON leaves null fields out, and a tree would
    /// write them as <c>null</c>. The order of the others stays as written.</summary>
    /// <param name="value">The object; its nested objects are not touched.</param>
    /// <returns>The same object.</returns>
    public static JsonObject WithoutNulls(this JsonObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
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
