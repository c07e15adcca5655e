using System.Text.Json.Serialization;

namespace Keyward.Providers.Salesloft;

/// <summary>The user a Salesloft token acts as (<c>GET /v2/me</c>): a key acts with its user's permissions.</summary>
/// <param name="Id">The user id.</param>
/// <param name="UserGuid">The user guid (Salesloft's <c>guid</c>).</param>
/// <param name="Email">Their email.</param>
/// <param name="Name">Their name.</param>
public sealed record SalesloftUser(long Id, [property: JsonPropertyName("guid")] string? UserGuid, string? Email, string? Name);
