using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keyward.Audit.Chain;

/// <summary>The one JSON form metadata is stored and hashed in: an object, keys sorted ordinally at every level,
/// no whitespace. Two semantically equal objects encode the same, so re-serializing never breaks the chain.</summary>
internal static class CanonicalJson
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>Canonicalizes a JSON object text; null or empty becomes <c>{}</c>.</summary>
    /// <exception cref="FormatException">The text is not a JSON object.</exception>
    public static string Normalize(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return "{}";
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"metadata must be a JSON object: {e.Message}", e);
        }

        return node is JsonObject obj ? Sorted(obj)!.ToJsonString(Compact) : throw new FormatException("metadata must be a JSON object, such as {\"status\": 200}");
    }

    public static string FromDictionary(IReadOnlyDictionary<string, string>? values) =>
        values is null || values.Count == 0 ? "{}" : Sorted(new JsonObject(values.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Value))))!.ToJsonString(Compact);

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}
