using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Keyward.Core.Serialization;

/// <summary>The conventions of every machine-readable output (<c>--json</c>, JSON reports) and the options that
/// write it.</summary>
/// <remarks>
/// docs/cli.md promises the same conventions everywhere: indented, camelCase names, kebab-case enum values, null
/// fields omitted. Output is built as a <see cref="JsonNode"/> tree, which trimmed and Native AOT builds write without
/// the reflection-based serializer: name properties in camelCase, write enum values with
/// <see cref="EnumValue{TEnum}"/>, leave null properties out with <see cref="JsonTree.WithoutNulls"/> (a tree writes
/// every property it holds), then write it with <c>node.ToJsonString(KeywardJson.Options)</c>, so a new command
/// cannot drift from them.
/// </remarks>
public static class KeywardJson
{
    /// <summary>Gets the shared, read-only options that write a <see cref="JsonNode"/> tree: indented, with the
    /// serializer's default escaping.</summary>
    /// <remarks>They also state the naming and null conventions (web defaults, that is camelCase, and
    /// <see cref="JsonIgnoreCondition.WhenWritingNull"/>), but resolve metadata for <see cref="JsonNode"/> only:
    /// serializing any other type with them fails instead of falling back on reflection, which trimmed and Native AOT
    /// builds lack. They hold no enum converter; trees name enum values with <see cref="EnumValue{TEnum}"/>.</remarks>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Names an enum value as Keyward's JSON output does (kebab-case), for output built as a
    /// <see cref="JsonNode"/> tree.</summary>
    /// <typeparam name="TEnum">The enum type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The value's JSON name, such as <c>high</c> or <c>not-verified</c>.</returns>
    public static string EnumValue<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = KeywardJsonContext.Default,
        };
        options.MakeReadOnly();
        return options;
    }
}
