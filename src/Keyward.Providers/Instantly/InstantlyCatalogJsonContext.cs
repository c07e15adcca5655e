using System.Text.Json.Serialization;

namespace Keyward.Providers.Instantly;

/// <summary>Source-generated JSON metadata for <c>instantly-endpoints.json</c>, so trimmed and Native AOT builds need
/// no reflection: snake_case names, matched exactly, and any field the reference adds is refused rather than
/// ignored.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(CatalogEntry[]))]
internal sealed partial class InstantlyCatalogJsonContext : JsonSerializerContext;
