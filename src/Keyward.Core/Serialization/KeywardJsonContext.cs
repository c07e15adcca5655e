using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Keyward.Core.Serialization;

/// <summary>Source-generated metadata for the only types <see cref="KeywardJson.Options"/> serialize: JSON trees.</summary>
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class KeywardJsonContext : JsonSerializerContext;
