using System.Text.Json.Serialization;

namespace Keyward.Providers.Instantly.Client.Models;

/// <summary>An API key as listed: id, name, scopes and dates. The value is deliberately not part of it.</summary>
/// <param name="Id">The key id.</param>
/// <param name="Name">The name chosen at creation.</param>
/// <param name="Scopes">The scopes, for example <c>campaigns:read</c>.</param>
/// <param name="TimestampCreated">When it was created.</param>
public sealed record ApiKey(
    string Id,
    string Name,
    IReadOnlyList<string> Scopes,
    [property: JsonPropertyName("timestamp_created")] DateTimeOffset? TimestampCreated);
