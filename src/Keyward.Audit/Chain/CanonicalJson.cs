using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Keyward.Audit.Chain;

/// <summary>The one JSON form metadata is stored and hashed in: an object of strings, keys sorted ordinally, no
/// whitespace, so the same facts always encode the same.</summary>
internal static class CanonicalJson
{
    /// <summary>Writes <paramref name="values"/> as canonical JSON, each value passed through <paramref name="value"/>
    /// (the redactor) first.</summary>
    public static string FromDictionary(IReadOnlyDictionary<string, string>? values, Func<string, string, string> value)
    {
        if (values is null || values.Count == 0)
        {
            return "{}";
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, text) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteString(name, value(name, text));
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
