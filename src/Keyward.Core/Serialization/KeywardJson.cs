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

    /// <summary>Writes an enum value as <see cref="Options"/> does (kebab-case), for output built as a
    /// <c>JsonNode</c> tree rather than serialized.</summary>
    /// <typeparam name="TEnum">The enum type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The value's JSON name, such as <c>high</c> or <c>not-verified</c>.</returns>
    public static string EnumValue<TEnum>(TEnum value)
        where TEnum : struct, Enum => EnumNaming.ConvertName(value.ToString());

    private static JsonNamingPolicy EnumNaming => JsonNamingPolicy.KebabCaseLower;

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Converters = { new JsonStringEnumConverter(EnumNaming) },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
