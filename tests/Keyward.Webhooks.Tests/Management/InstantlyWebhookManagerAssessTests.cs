using Keyward.Providers.Instantly.Client.Models;
using Keyward.Webhooks.Management;

namespace Keyward.Webhooks.Tests.Management;

/// <summary>What <c>keyward webhooks list</c> and check KW008 flag about one webhook.</summary>
public sealed class InstantlyWebhookManagerAssessTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("X-Source: instantly", true)] // a label, not a secret
    [InlineData("X-Secret: sixteen-chars-ok", false)]
    [InlineData("X-Secret: fifteen-chars-1", true)]
    [InlineData("X-Secret:    padded-fifteen    ", true)]
    [InlineData("X-Source: instantly|X-Keyward-Webhook-Secret: 0123456789abcdef0123456789abcdef0123456", false)] // keyward:allow (fake)
    public void AWebhookIsUnauthenticated_UnlessOneHeaderCarriesAValueLongEnoughToBeASecret(string? headers, bool unauthenticated)
    {
        var parsed = headers?.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(h => h.Split(':', 2)).ToDictionary(h => h[0], h => h[1].TrimStart(' '));

        var findings = InstantlyWebhookManager.Assess(Webhook(parsed, "https://hooks.example.com/instantly", status: 1));

        Assert.Equal(unauthenticated, findings.Contains(WebhookFinding.Unauthenticated));
    }

    [Fact]
    public void PlainHttpOffTheMachine_AndDisabled_AreFlagged_LoopbackHttpIsNot()
    {
        var secret = new Dictionary<string, string> { ["X-Keyward-Webhook-Secret"] = new('s', 43) };

        Assert.Equal([WebhookFinding.Disabled, WebhookFinding.PlainHttp], InstantlyWebhookManager.Assess(Webhook(secret, "http://crm.example.com/hooks", status: -1)));
        Assert.Empty(InstantlyWebhookManager.Assess(Webhook(secret, "http://127.0.0.1:8080/hooks", status: 1)));
    }

    private static Webhook Webhook(IReadOnlyDictionary<string, string>? headers, string url, int status) =>
        new("wh-1", "test", url, "reply_received", null, headers, status, null);
}
