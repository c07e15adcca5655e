using Microsoft.AspNetCore.Http;

namespace Keyward.Sandbox.Http;

/// <summary>Reads the token of an <c>Authorization: Bearer</c> header, the way both emulated vendors take keys.</summary>
internal static class BearerToken
{
    /// <summary>Returns the token, or null when the header is missing or not a bearer header.</summary>
    public static string? Of(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }
}
