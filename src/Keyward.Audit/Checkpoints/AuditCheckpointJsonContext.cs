using System.Text.Json.Serialization;

namespace Keyward.Audit.Checkpoints;

/// <summary>Source-generated JSON metadata for checkpoint files, so trimmed and Native AOT builds need no reflection:
/// indented, snake_case names, as every checkpoint file has been written.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AuditCheckpoint))]
internal sealed partial class AuditCheckpointJsonContext : JsonSerializerContext;
