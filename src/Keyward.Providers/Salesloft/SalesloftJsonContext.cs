using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keyward.Providers.Salesloft;

/// <summary>Source-generated JSON metadata for the Salesloft client, so trimmed and Native AOT builds need no
/// reflection: Salesloft's snake_case fields, read with the web defaults (case-insensitive names).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SalesloftUser))]
[JsonSerializable(typeof(WebhookSubscription))]
[JsonSerializable(typeof(List<WebhookSubscription>))]
internal sealed partial class SalesloftJsonContext : JsonSerializerContext;
