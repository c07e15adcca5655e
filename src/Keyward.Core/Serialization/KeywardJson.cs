using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keyward.Core.Serialization;

/// <summary>The one set of JSON settings behind every machine-readable output (<c>--json</c>, JSON reports).</summary>
/// <remarks>
/// docs/cli.md promises the same conventions everywhere: indented, camelCase names, kebab-case enum values, null
/// fields omitted. Serialize with <see cref="Options"/> so a new command cannot drift from them.
/// </remarks>
public static class KeywardJson
{
    /// <summary>Gets the shared, read-only serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
