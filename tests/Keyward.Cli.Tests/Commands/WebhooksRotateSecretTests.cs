using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Keyward.Core.Secrets;
using Keyward.Secrets;
using Keyward.Webhooks.Inbox;
using Keyward.Webhooks.Receiver;
using Keyward.Webhooks.Verification;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Keyward.Cli.Tests.Commands;

/// <summary><c>keyward webhooks rotate-secret</c> against the sandbox, with a running receiver that reloads its secrets
/// and the sandbox delivering events to it all along.</summary>
[Collection(ProcessEnvironment.Name)]
public sealed class WebhooksRotateSecretTests : IAsyncLifetime
{
    private const string Header = "X-Keyward-Webhook-Secret";

    private readonly SecretStores _stores = SecretStores.Default();
    private KeysHarness _harness = null!;
    private WebhookServer _receiver = null!;
    private IWebhookInbox _inbox = null!;

    private SecretReference Secret => SecretReference.Parse($"vault-file:{Path.Combine(_harness.Directory.Path, "secrets.kwv")}#INSTANTLY_WEBHOOK_SECRET");

    private Uri Target => new(_receiver.BaseUrl, "/webhooks/instantly");

    public async Task InitializeAsync()
    {
        _harness = await KeysHarness.StartAsync();
        await _stores.For(Secret).PutAsync(Secret, new SecretValue("first-secret-before-create-0123"), SecretLabels.Current); // keyward:allow (fake)
        _receiver = await StartReceiverAsync(Secret);
        var created = await Webhooks("create", "--url", Target.ToString(), "--events", "reply_received", "lead_interested", "--secret", Secret.ToString());
        Assert.True(created.ExitCode == 0, created.Stderr);
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task Rotation_SwitchesEveryWebhook_WithNoDeliveryRejected_AndTheOldSecretStopsWorking()
    {
        var old = await CurrentAsync();
        await WaitUntilAcceptedAsync(old);
        using var sending = new CancellationTokenSource();
        var sender = SendEventsAsync(sending.Token);

        var rotated = await Webhooks("rotate-secret", "--secret", Secret.ToString(), "--grace", "3s", "--probe-settle", "1s"); // a grace that outlasts the sandbox's slowest delivery on a busy machine

        await sending.CancelAsync();
        var sent = await sender;
        Assert.True(rotated.ExitCode == 0, rotated.Stderr);
        var fresh = await CurrentAsync();
        Assert.NotEqual(old.Reveal(), fresh.Reveal());
        Assert.DoesNotContain(fresh.Reveal(), rotated.Stdout + rotated.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(old.Reveal(), rotated.Stdout + rotated.Stderr, StringComparison.Ordinal);
        Assert.Contains("Rotated", rotated.Stdout, StringComparison.Ordinal);

        // Every webhook sends the new secret, and every delivery made during the rotation was accepted first time.
        var webhooks = await SandboxGetAsync("/api/v2/webhooks?limit=100");
        var mine = webhooks["items"]!.AsArray().Where(w => (string?)w!["target_hook_url"] == Target.ToString()).ToArray();
        Assert.Equal(2, mine.Length);
        Assert.All(mine, w => Assert.Equal(fresh.Reveal(), (string?)w!["headers"]![Header]));
        Assert.True(await _harness.Sandbox.WaitForWebhooksAsync(TimeSpan.FromSeconds(30)));
        Assert.True(sent > 0);
        Assert.Empty((await SandboxGetAsync("/api/v2/webhook-events?success=false&limit=100"))["items"]!.AsArray());
        Assert.Equal(sent, (await _inbox.ListAsync(limit: 10_000)).Count);

        // The receivers drop the old secret at their next reload.
        await WaitUntilAsync(async () => await ProbeAsync(old) == HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.NoContent, await ProbeAsync(fresh));
        var audit = await CliRunner.RunAsync("audit-log", "tail", "--json");
        Assert.Contains("webhook.secret.rotate", audit.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, audit.Stdout.Split("webhook.secret.switch").Length - 1);
    }

    [Fact]
    public async Task AnInterruptedRotation_IsResumed_WithThePendingSecretItHadStaged()
    {
        var staged = new SecretValue("staged-by-an-interrupted-run-0123"); // keyward:allow (fake)
        await _stores.For(Secret).PutAsync(Secret, staged, SecretLabels.Pending);

        var rotated = await Webhooks("rotate-secret", "--secret", Secret.ToString(), "--grace", "0s", "--probe-settle", "0s");

        Assert.True(rotated.ExitCode == 0, rotated.Stderr);
        Assert.Contains("resuming", rotated.Stdout, StringComparison.Ordinal);
        Assert.Equal(staged.Reveal(), (await CurrentAsync()).Reveal());
    }

    [Fact]
    public async Task AReceiverThatNeverAcceptsTheNewSecret_StopsTheRotationBeforeAnyWebhookSwitches()
    {
        var old = await CurrentAsync();
        var variable = "KEYWARD_TEST_PINNED_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, old.Reveal());
        try
        {
            // This receiver verifies a copy of the secret, not the rotated reference, so it never sees the new one.
            await _receiver.DisposeAsync();
            _receiver = await StartReceiverAsync(SecretReference.Parse($"env:{variable}"), Target.Port);

            var rotated = await Webhooks("rotate-secret", "--secret", Secret.ToString(), "--probe-timeout", "2s", "--grace", "0s");

            Assert.Equal(3, rotated.ExitCode);
            Assert.Contains("did not accept the new secret", rotated.Stderr, StringComparison.Ordinal);
            var webhooks = (await SandboxGetAsync("/api/v2/webhooks?limit=100"))["items"]!.AsArray().Where(w => (string?)w!["target_hook_url"] == Target.ToString());
            Assert.All(webhooks, w => Assert.Equal(old.Reveal(), (string?)w!["headers"]![Header]));
            Assert.Equal(old.Reveal(), (await CurrentAsync()).Reveal());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task BehindALoadBalancer_OneReceiverThatKeepsTheOldSecret_StopsTheRotation_ThoughAnotherAcceptsTheNewOne()
    {
        var old = await CurrentAsync();
        var variable = "KEYWARD_TEST_PINNED_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, old.Reveal());
        var port = Target.Port;
        await _receiver.DisposeAsync();
        _receiver = await StartReceiverAsync(Secret);
        await using var pinned = await StartReceiverAsync(SecretReference.Parse($"env:{variable}"));
        await using var balancer = await RoundRobinAsync(port, _receiver.BaseUrl, pinned.BaseUrl);
        try
        {
            var rotated = await Webhooks("rotate-secret", "--secret", Secret.ToString(), "--probe-timeout", "6s", "--probe-settle", "2s", "--grace", "0s"); // room for the 4 probes (one a second) the pattern needs

            Assert.Equal(3, rotated.ExitCode);
            Assert.Contains("accepted some probes and refused others", rotated.Stderr, StringComparison.Ordinal);
            var webhooks = (await SandboxGetAsync("/api/v2/webhooks?limit=100"))["items"]!.AsArray().Where(w => new Uri((string)w!["target_hook_url"]!).Port == port).ToArray();
            Assert.Equal(2, webhooks.Length);
            Assert.All(webhooks, w => Assert.Equal(old.Reveal(), (string?)w!["headers"]![Header]));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task ADryRun_ListsTheWebhooks_AndChangesNothing_ASecretNoWebhookSends_IsAUsageError()
    {
        var old = await CurrentAsync();

        var dryRun = await Webhooks("rotate-secret", "--secret", Secret.ToString(), "--dry-run");
        var dryRunJson = await Webhooks("rotate-secret", "--secret", Secret.ToString(), "--dry-run", "--json");
        var other = await Webhooks("rotate-secret", "--secret", Secret.ToString(), "--header", "X-Other-Header");

        Assert.True(dryRun.ExitCode == 0, dryRun.Stderr);
        Assert.Equal(2, dryRun.Stdout.Split("would switch webhook").Length - 1);
        var json = JsonNode.Parse(dryRunJson.Stdout)!; // progress lines go to stderr
        Assert.Equal((Secret.ToString(), true, false, 2), ((string?)json["secret"], (bool)json["dryRun"]!, (bool)json["resumed"]!, json["webhooks"]!.AsArray().Count));
        Assert.Equal(old.Reveal(), (await CurrentAsync()).Reveal());
        Assert.DoesNotContain((await _stores.For(Secret).GetVersionsAsync(Secret)), v => v.Labels.Contains(SecretLabels.Pending));
        Assert.Equal(2, other.ExitCode);
        Assert.Contains("no Instantly webhook sends the secret", other.Stderr, StringComparison.Ordinal);
    }

    private async Task<WebhookServer> StartReceiverAsync(SecretReference secret, int port = 0)
    {
        _inbox = WebhookInboxes.Open($"sqlite:{Path.Combine(_harness.Directory.Path, $"webhooks-{Guid.NewGuid():N}.db")}");
        var verifier = await StoredSecretsVerifier.CreateAsync(new WebhookVerifyOptions { Scheme = "header-secret", Header = Header }, [secret], _stores);
        return await WebhookServer.StartAsync(new WebhookServerOptions
        {
            Port = port,
            Inbox = _inbox,
            Endpoints = [new WebhookEndpoint("instantly", "/webhooks/instantly", verifier, WebhookVendor.Instantly)],
            SecretRefreshInterval = TimeSpan.FromMilliseconds(100),
        });
    }

    /// <summary>A load balancer on <paramref name="port"/> that sends each request to the next backend in turn.</summary>
    private static async Task<WebApplication> RoundRobinAsync(int port, params Uri[] backends)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var http = new HttpClient();
        app.Lifetime.ApplicationStopped.Register(http.Dispose);
        var next = 0;
        app.Run(async context =>
        {
            var backend = backends[(Interlocked.Increment(ref next) - 1) % backends.Length];
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(backend, context.Request.Path + context.Request.QueryString))
            {
                Content = new StreamContent(context.Request.Body),
            };
            foreach (var header in context.Request.Headers.Where(h => !h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) && h.Key != "Host"))
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }

            using var response = await http.SendAsync(request, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        });
        await app.StartAsync();
        return app;
    }

    private async Task<SecretValue> CurrentAsync() => await _stores.For(Secret).GetAsync(Secret, SecretLabels.Current);

    /// <summary>Has the sandbox emit reply_received events, as a live workspace would, until cancelled.</summary>
    private async Task<int> SendEventsAsync(CancellationToken cancellationToken)
    {
        using var api = SandboxClient();
        var sent = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            using var content = new StringContent(
                new JsonObject { ["event_type"] = "reply_received", ["lead_email"] = $"lead{sent}@prospect.example" }.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await api.PostAsync(Keyward.Sandbox.SandboxServer.EventsPath, content, CancellationToken.None);
            Assert.True(response.IsSuccessStatusCode);
            sent++;
            try
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return sent;
    }

    private async Task<JsonNode> SandboxGetAsync(string path)
    {
        using var api = SandboxClient();
        return JsonNode.Parse(await api.GetStringAsync(path))!;
    }

    private HttpClient SandboxClient()
    {
        var api = new HttpClient { BaseAddress = _harness.Sandbox.BaseUrl };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _harness.Sandbox.AdminKey.Reveal());
        return api;
    }

    private async Task<HttpStatusCode> ProbeAsync(SecretValue secret)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Target) { Content = new ByteArrayContent([]) };
        request.Headers.TryAddWithoutValidation(Header, secret.Reveal());
        request.Headers.TryAddWithoutValidation(WebhookReceiver.ProbeHeader, "test");
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task WaitUntilAcceptedAsync(SecretValue secret) => await WaitUntilAsync(async () => await ProbeAsync(secret) == HttpStatusCode.NoContent);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50);
        }
    }

    private Task<CliResult> Webhooks(params string[] args) => CliRunner.RunAsync(["webhooks", .. args, .. _harness.AdminOptions]);
}
