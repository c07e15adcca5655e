using System.Text.Json.Serialization;

namespace Keyward.Audit;

/// <summary>Source-generated JSON metadata for <see cref="AuditExport"/>'s JSON Lines, so trimmed and Native AOT builds
/// need no reflection: one compact object of column names and text (or null) per entry.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class AuditExportJsonContext : JsonSerializerContext;
