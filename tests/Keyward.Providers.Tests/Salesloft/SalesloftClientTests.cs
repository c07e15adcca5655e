using System.Net;
using Keyward.Core.Auditing;
using Keyward.Core.Secrets;
using Keyward.Providers.Salesloft;
using Keyward.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace Keyward.Providers.Tests.Salesloft;

public sealed class SalesloftClientTests : IAsyncLifetime
{
    private readonly string _variable = "KEYWARD_TEST_SALESLOFT_" + Guid.NewGuid().ToString("N");
    private readonly InMemoryAuditSink _audit = new();
    private SandboxServer _sandbox = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions { SalesloftCostPerMinute = 8 });
        Environment.SetEnvironmentVariable(_variable, _sandbox.SalesloftKey.Reveal());
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_variable, null);
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task Me_AndSubscriptions_WorkAgainstTheSandbox_AndAreAudited()
    {
        var client = Client();

        var me = await client.GetMeAsync();
        var created = await client.CreateWebhookSubscriptionAsync("person_created", new Uri("https://crm.example/salesloft"), new SecretValue("callback-token-value-01"));
        var disabled = await client.UpdateWebhookSubscriptionAsync(created.Id, enabled: false);
        var enabled = await client.ListWebhookSubscriptionsAsync(enabled: true);
        await client.DeleteWebhookSubscriptionAsync(created.Id);

        Assert.Equal("owner@sandbox.example", me.Email);
        Assert.False(string.IsNullOrEmpty(me.UserGuid));
        Assert.False(disabled.Enabled);
        Assert.Empty(enabled);
        Assert.Equal(
            ["GET /v2/me", "POST /v2/webhook_subscriptions", "PUT /v2/webhook_subscriptions/{id}", "GET /v2/webhook_subscriptions", "DELETE /v2/webhook_subscriptions/{id}"],
            _audit.Records.Select(r => r.Resource));
        Assert.All(_audit.Records, r => Assert.Equal(SalesloftServiceCollectionExtensions.AuditAction, r.Action));
        Assert.All(_audit.Records, r => Assert.StartsWith("salesloft-token:sha256:", r.Actor, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WrongToken_IsRejectedNamingTheReference_NotTheToken()
    {
        Environment.SetEnvironmentVariable(_variable, "v2_ak_1_not-the-real-token-value");

        var error = await Assert.ThrowsAsync<SalesloftApiException>(() => Client().GetMeAsync());

        Assert.True(error.IsTokenRejected);
        Assert.Contains($"env:{_variable}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-real-token-value", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TeamBudgetExhausted_IsRetried_ThenReportedWithTheSharedBudget()
    {
        var client = Client(o => (o.MaxRetries, o.MaxRetryDelay) = (2, TimeSpan.FromMilliseconds(10)));
        for (var i = 0; i < 8; i++)
        {
            await client.GetMeAsync();
        }

        var error = await Assert.ThrowsAsync<SalesloftApiException>(() => client.GetMeAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Contains("cost per minute is shared", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, _audit.Records.Count(r => r.Metadata!["status"] == "429"));
    }

    [Fact]
    public async Task ValidationErrors_NameTheField()
    {
        var client = Client();

        var error = await Assert.ThrowsAsync<SalesloftApiException>(() =>
            client.CreateWebhookSubscriptionAsync("person_created", new Uri("https://crm.example/x"), new SecretValue(string.Empty)));

        Assert.Equal((HttpStatusCode)422, error.StatusCode);
        Assert.Contains("callback_token can't be blank", error.Message, StringComparison.Ordinal);
    }

    private SalesloftClient Client(Action<SalesloftClientOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IAuditSink>(_audit);
        services.AddSalesloft(o =>
        {
            o.BaseAddress = _sandbox.BaseUrl;
            o.ApiKey = $"env:{_variable}";
            configure?.Invoke(o);
        });
        return services.BuildServiceProvider().GetRequiredService<SalesloftClient>();
    }
}
