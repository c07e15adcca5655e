using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Keyward.Providers.Instantly.Client.Models;

namespace Keyward.Providers.Instantly.Client;

/// <summary>Source-generated JSON metadata for the Instantly client, so trimmed and Native AOT builds need no
/// reflection: Instantly's snake_case bodies, read with the web defaults (case-insensitive names) and written without
/// null fields.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonDocument))]
[JsonSerializable(typeof(ApiKey))]
[JsonSerializable(typeof(Workspace))]
[JsonSerializable(typeof(Webhook))]
[JsonSerializable(typeof(WebhookDefinition))]
[JsonSerializable(typeof(BlockListEntry))]
[JsonSerializable(typeof(Campaign))]
[JsonSerializable(typeof(Lead))]
[JsonSerializable(typeof(List<ApiKey>))]
[JsonSerializable(typeof(List<Webhook>))]
[JsonSerializable(typeof(List<WebhookEvent>))]
[JsonSerializable(typeof(List<AuditLogEntry>))]
[JsonSerializable(typeof(List<WorkspaceMember>))]
[JsonSerializable(typeof(List<BlockListEntry>))]
[JsonSerializable(typeof(List<Campaign>))]
[JsonSerializable(typeof(List<Lead>))]
[JsonSerializable(typeof(List<Account>))]
internal sealed partial class InstantlyJsonContext : JsonSerializerContext;
