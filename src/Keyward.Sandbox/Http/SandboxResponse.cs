using System.Text.Json.Nodes;

namespace Keyward.Sandbox.Http;

/// <summary>What a handler answers: a status and a JSON body (or CSV text).</summary>
internal sealed record SandboxResponse(int Status, JsonNode? Body, string? Csv = null)
{
    /// <summary>Gets the <c>Retry-After</c> seconds of a 429.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static SandboxResponse Ok(JsonNode body) => new(200, body);

    /// <summary>The Fastify-style error envelope Instantly uses: <c>{statusCode, error, message}</c>.</summary>
    public static SandboxResponse Error(int status, string message) =>
        new(status, new JsonObject { ["statusCode"] = status, ["error"] = Reason(status), ["message"] = message });

    public static SandboxResponse NotFound(string what = "Resource not found") => Error(404, what);

    public static SandboxResponse BadRequest(string message) => Error(400, message);

    public static string Reason(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        429 => "Too Many Requests",
        501 => "Not Implemented",
        _ => "Error",
    };
}
