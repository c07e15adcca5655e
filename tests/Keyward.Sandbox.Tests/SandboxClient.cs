using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Keyward.Sandbox.Tests;

/// <summary>Plain HTTP against a running sandbox, as any client would call Instantly.</summary>
internal sealed class SandboxClient(SandboxServer server) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = server.BaseUrl };

    public string AdminKey => server.AdminKey.Reveal();

    public async Task<(int Status, JsonNode? Body, HttpResponseHeaders Headers)> SendAsync(HttpMethod method, string path, string? key, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json" ? JsonNode.Parse(text) : (text.Length > 0 ? JsonValue.Create(text) : null);
        return ((int)response.StatusCode, json, response.Headers);
    }

    public Task<(int Status, JsonNode? Body, HttpResponseHeaders Headers)> GetAsync(string path, string? key = null) =>
        SendAsync(HttpMethod.Get, path, key ?? AdminKey);

    public Task<(int Status, JsonNode? Body, HttpResponseHeaders Headers)> PostAsync(string path, JsonNode body, string? key = null) =>
        SendAsync(HttpMethod.Post, path, key ?? AdminKey, body);

    /// <summary>Creates a key with <paramref name="scopes"/> and returns its id and value.</summary>
    public async Task<(string Id, string Key)> CreateKeyAsync(string name, params string[] scopes)
    {
        var (status, body, _) = await PostAsync("/api/v2/api-keys", new JsonObject { ["name"] = name, ["scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode)s)]) });
        Assert.Equal(200, status);
        return ((string)body!["id"]!, (string)body["key"]!);
    }

    public void Dispose() => _http.Dispose();
}
