using System.Text.Json.Nodes;

namespace Keyward.Sandbox.Tests;

public sealed class WebhookDeliveryTests : SandboxTest
{
    private static readonly TimeSpan[] FastRetries = [TimeSpan.Zero, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100)];

    private WebhookReceiver _receiver = null!;

    private protected override SandboxOptions Options() => new() { WebhookAttemptDelays = FastRetries };

    private protected override async Task StartedAsync() => _receiver = await WebhookReceiver.StartAsync();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _receiver?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Fact]
    public async Task Event_IsPostedWithTheDocumentedPayloadAndTheWebhooksHeaders()
    {
        var campaign = (string)(await Client.PostAsync("/api/v2/campaigns", new JsonObject { ["name"] = "Q1" })).Body!["id"]!;
        var webhook = await CreateWebhookAsync("reply_received", new JsonObject { ["x-shared-secret"] = "s3cr3t-header-value" });
        await CreateWebhookAsync("email_opened", null);

        var injected = await Client.PostAsync(SandboxServer.EventsPath, new JsonObject
        {
            ["event_type"] = "reply_received",
            ["campaign_id"] = campaign,
            ["lead_email"] = "jane@prospect.example",
            ["reply_text_snippet"] = "Sounds good",
        });
        Assert.True(await Server.WaitForWebhooksAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(1, (int)injected.Body!["deliveries"]!);
        var (payload, headers, _) = Assert.Single(_receiver.Received);
        Assert.Equal("s3cr3t-header-value", headers["x-shared-secret"].ToString());
        Assert.Equal("reply_received", (string?)payload["event_type"]);
        Assert.Equal(campaign, (string?)payload["campaign_id"]);
        Assert.Equal("Q1", (string?)payload["campaign_name"]);
        Assert.Equal("jane@prospect.example", (string?)payload["lead_email"]);
        Assert.NotNull(payload["workspace"]);
        Assert.NotNull(payload["timestamp"]);
        var log = (await Client.GetAsync("/api/v2/webhook-events")).Body!["items"]!.AsArray();
        var entry = Assert.Single(log)!;
        Assert.True((bool)entry["success"]!);
        Assert.Equal(200, (int)entry["status_code"]!);
        Assert.Equal(webhook, (string?)entry["webhook_id"]);
    }

    [Fact]
    public async Task FailingEndpoint_GetsThreeAttempts_ThenTheWebhookIsDisabledAndTheAttemptsAreLogged()
    {
        _receiver.Status = 500;
        var webhook = await CreateWebhookAsync("all_events", new JsonObject { ["authorization"] = "Bearer hook-token-value" });

        await Client.PostAsync(SandboxServer.EventsPath, new JsonObject { ["event_type"] = "email_link_clicked", ["lead_email"] = "bob@prospect.example" });
        Assert.True(await Server.WaitForWebhooksAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(3, _receiver.Received.Count);
        Assert.All(_receiver.Received, r => Assert.Equal("link_clicked", (string?)r.Payload["event_type"]));
        var state = (await Client.GetAsync($"/api/v2/webhooks/{webhook}")).Body!;
        Assert.Equal(-1, (int)state["status"]!);
        Assert.NotNull((string?)state["timestamp_error"]);
        var attempts = (await Client.GetAsync("/api/v2/webhook-events?success=false")).Body!["items"]!.AsArray();
        Assert.Equal([0, 1, 2], attempts.Select(a => (int)a!["retry_count"]!));
        Assert.Equal([true, true, false], attempts.Select(a => (bool)a!["will_retry"]!));
        Assert.All(attempts, a => Assert.Equal(500, (int)a!["status_code"]!));
        var marked = (await Client.GetAsync("/api/v2/audit-logs?activity_type=20")).Body!["items"]!.AsArray();
        Assert.Equal(webhook, (string?)Assert.Single(marked)!["webhook_id"]);

        // A disabled webhook receives nothing until it is resumed.
        _receiver.Status = 200;
        await Client.PostAsync(SandboxServer.EventsPath, new JsonObject { ["event_type"] = "email_sent" });
        Assert.Equal(3, _receiver.Received.Count);
        await Client.PostAsync($"/api/v2/webhooks/{webhook}/resume", new JsonObject());
        await Client.PostAsync(SandboxServer.EventsPath, new JsonObject { ["event_type"] = "email_sent" });
        Assert.True(await Server.WaitForWebhooksAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(4, _receiver.Received.Count);
    }

    [Fact]
    public async Task RecoveringEndpoint_IsRetriedUntilItSucceeds_AndStaysEnabled()
    {
        _receiver.Script.Enqueue(503);
        var webhook = await CreateWebhookAsync("lead_interested", null);

        await Client.PostAsync(SandboxServer.EventsPath, new JsonObject { ["event_type"] = "lead_interested" });
        Assert.True(await Server.WaitForWebhooksAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(2, _receiver.Received.Count);
        Assert.Equal(1, (int)(await Client.GetAsync($"/api/v2/webhooks/{webhook}")).Body!["status"]!);
        var log = (await Client.GetAsync("/api/v2/webhook-events")).Body!["items"]!.AsArray();
        Assert.True((bool)log[^1]!["retry_successful"]!);
    }

    [Theory]
    [InlineData("""{"target_hook_url":"ftp://example.com/x"}""", "target_hook_url")]
    [InlineData("""{"target_hook_url":"https://example.com/x","event_type":"email_deleted"}""", "event_type")]
    [InlineData("""{"target_hook_url":"https://example.com/x","headers":{"x":1}}""", "headers")]
    [InlineData("""{"name":"no url"}""", "'target_hook_url'")]
    public async Task Create_RejectsWhatTheSchemaRejects(string body, string expected)
    {
        var (status, response, _) = await Client.PostAsync("/api/v2/webhooks", JsonNode.Parse(body)!);

        Assert.Equal(400, status);
        Assert.Contains(expected, (string)response!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhooks_CrudAndFiltersWork()
    {
        var id = await CreateWebhookAsync("reply_received", null);

        var patched = await Client.SendAsync(HttpMethod.Patch, $"/api/v2/webhooks/{id}", Client.AdminKey, new JsonObject { ["headers"] = new JsonObject { ["x-shared-secret"] = "rotated-value" } });
        var filtered = await Client.GetAsync("/api/v2/webhooks?event_type=reply_received");
        var other = await Client.GetAsync("/api/v2/webhooks?event_type=email_sent");
        var deleted = await Client.SendAsync(HttpMethod.Delete, $"/api/v2/webhooks/{id}", Client.AdminKey);
        var gone = await Client.GetAsync($"/api/v2/webhooks/{id}");

        Assert.Equal("rotated-value", (string?)patched.Body!["headers"]!["x-shared-secret"]);
        Assert.Single(filtered.Body!["items"]!.AsArray());
        Assert.Empty(other.Body!["items"]!.AsArray());
        Assert.Equal(200, deleted.Status);
        Assert.Equal(404, gone.Status);
    }

    private async Task<string> CreateWebhookAsync(string eventType, JsonObject? headers)
    {
        var (status, body, _) = await Client.PostAsync("/api/v2/webhooks", new JsonObject
        {
            ["target_hook_url"] = _receiver.Url,
            ["event_type"] = eventType,
            ["headers"] = headers,
        });
        Assert.Equal(200, status);
        return (string)body!["id"]!;
    }
}
