using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Keyward.Sandbox.Salesloft;

namespace Keyward.Sandbox.Tests;

public sealed class SalesloftTests : SandboxTest
{
    private WebhookReceiver _receiver = null!;

    private string Key => Server.SalesloftKey.Reveal();

    [Fact]
    public async Task Me_NeedsTheBearerKey()
    {
        var me = await Client.SendAsync(HttpMethod.Get, "/v2/me", Key);
        var json = await Client.SendAsync(HttpMethod.Get, "/v2/me.json", Key);
        var missing = await Client.SendAsync(HttpMethod.Get, "/v2/me", key: null);
        var wrong = await Client.SendAsync(HttpMethod.Get, "/v2/me", Client.AdminKey);

        Assert.Equal(200, me.Status);
        Assert.Equal("owner@sandbox.example", (string?)me.Body!["data"]!["email"]);
        Assert.Equal(200, json.Status);
        Assert.Equal(401, missing.Status);
        Assert.StartsWith("No Bearer Token attached", (string)missing.Body!["error"]!, StringComparison.Ordinal);
        Assert.Equal(401, wrong.Status);
        Assert.Matches("^v2_ak_[0-9]+_[0-9a-f]{64}$", Key);
    }

    [Fact]
    public async Task Subscriptions_Crud_NeverEchoTheCallbackToken()
    {
        var invalid = await Client.SendAsync(HttpMethod.Post, "/v2/webhook_subscriptions", Key, new JsonObject { ["event_type"] = "person_created" });
        var created = await Client.SendAsync(HttpMethod.Post, "/v2/webhook_subscriptions", Key, Subscription("person_created", "token-value-0001"));
        var id = (int)created.Body!["data"]!["id"]!;
        var disabled = await Client.SendAsync(HttpMethod.Put, $"/v2/webhook_subscriptions/{id}", Key, new JsonObject { ["enabled"] = false });
        var enabledOnly = await Client.SendAsync(HttpMethod.Get, "/v2/webhook_subscriptions?enabled=true", Key);
        var deleted = await Client.SendAsync(HttpMethod.Delete, $"/v2/webhook_subscriptions/{id}", Key);
        var gone = await Client.SendAsync(HttpMethod.Get, $"/v2/webhook_subscriptions/{id}", Key);

        Assert.Equal(422, invalid.Status);
        Assert.NotNull(invalid.Body!["errors"]!["callback_url"]);
        Assert.Equal(201, created.Status);
        Assert.DoesNotContain("token-value-0001", created.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.False((bool)disabled.Body!["data"]!["enabled"]!);
        Assert.Empty(enabledOnly.Body!["data"]!.AsArray());
        Assert.Equal(204, deleted.Status);
        Assert.Equal(404, gone.Status);
    }

    [Fact]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "Salesloft's signature is HMAC-SHA1; the test recomputes it independently.")]
    public async Task Delivery_IsSignedWithHexHmacSha1OfTheRawBodyKeyedByTheCallbackToken()
    {
        await Client.SendAsync(HttpMethod.Post, "/v2/webhook_subscriptions", Key, Subscription("person_created", "callback-token-0002"));
        await Client.SendAsync(HttpMethod.Post, "/v2/webhook_subscriptions", Key, Subscription("cadence_created", "other-token-0003"));

        var injected = await Client.SendAsync(HttpMethod.Post, SalesloftApi.EventsPath, Key, new JsonObject { ["event_type"] = "person_created", ["data"] = new JsonObject { ["id"] = 42, ["email_address"] = "p@prospect.example" } });
        Assert.True(await Server.WaitForWebhooksAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(1, (int)injected.Body!["deliveries"]!);
        var (payload, headers, raw) = Assert.Single(_receiver.Received);
        var expected = Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes("callback-token-0002"), Encoding.UTF8.GetBytes(raw)));
        Assert.Equal(expected, headers["x-salesloft-signature"].ToString());
        Assert.Equal("person_created", headers["x-salesloft-event"].ToString());
        Assert.Equal(42, (int)payload["id"]!);
    }

    [Fact]
    public void Sign_MatchesTheReferenceFixture()
    {
        Assert.Equal("7a346231a2e8e524e7531e0ab68d96bafeed16d1", SalesloftApi.Sign("test_callback_token", """{"id":1}"""));
    }

    [Fact]
    public async Task FailingEndpoint_IsRetriedThreeMoreTimes()
    {
        _receiver.Status = 500;
        await Client.SendAsync(HttpMethod.Post, "/v2/webhook_subscriptions", Key, Subscription("note_created", "token-0004"));

        await Client.SendAsync(HttpMethod.Post, SalesloftApi.EventsPath, Key, new JsonObject { ["event_type"] = "note_created" });
        Assert.True(await Server.WaitForWebhooksAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(4, _receiver.Received.Count);
        Assert.Single(_receiver.Received.Select(r => r.RawBody).Distinct());
    }

    private protected override SandboxOptions Options() => new()
    {
        SalesloftAttemptDelays = [TimeSpan.Zero, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20)],
    };

    private protected override async Task StartedAsync() => _receiver = await WebhookReceiver.StartAsync();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _receiver?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private JsonObject Subscription(string eventType, string token) =>
        new() { ["event_type"] = eventType, ["callback_url"] = _receiver.Url, ["callback_token"] = token };
}
