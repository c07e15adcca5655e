using Keyward.Core;
using Keyward.Core.Text;
using Keyward.Webhooks.Management;

namespace Keyward.Posture.Checks;

/// <summary>KW008: every webhook authenticates its deliveries (a secret header), targets https, and is enabled.</summary>
public sealed class WebhookAuthCheck : IPostureCheck
{
    /// <inheritdoc/>
    public string Id => "KW008";

    /// <inheritdoc/>
    public string Title => "Webhooks authenticate, use https and are enabled";

    /// <inheritdoc/>
    public Severity Severity => Severity.High;

    /// <inheritdoc/>
    public Task<CheckResult> RunAsync(PostureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Salesloft is { } salesloft)
        {
            return Task.FromResult(Salesloft(salesloft));
        }

        if (context.Workspace is not { } workspace)
        {
            return Task.FromResult(CheckResult.Skip(this, context.NoWorkspaceReason));
        }

        if (workspace.Webhooks.Value is not { } webhooks)
        {
            return Task.FromResult(CheckResult.Skip(this, workspace.Webhooks.Missing!));
        }

        var evidence = new List<string>();
        var fixes = new List<string>();
        foreach (var webhook in webhooks)
        {
            var findings = InstantlyWebhookManager.Assess(webhook);
            foreach (var finding in findings)
            {
                evidence.Add($"webhook {webhook.Name ?? webhook.Id} ({webhook.Id}) -> {UrlText.Redact(webhook.TargetHookUrl)}: {Describe(finding)}");
            }

            if (findings.Contains(WebhookFinding.Unauthenticated) || findings.Contains(WebhookFinding.PlainHttp))
            {
                fixes.Add($"recreate {webhook.Id} with a secret header and an https target (keyward webhooks create --url https://YOUR-RECEIVER/webhooks/instantly --events {webhook.EventType ?? "all_events"}), then delete it in Instantly");
            }
            else if (findings.Contains(WebhookFinding.Disabled))
            {
                fixes.Add($"keyward webhooks resume {webhook.Id} once its receiver answers");
            }
        }

        return Task.FromResult(evidence.Count == 0
            ? CheckResult.Passed(this, $"{Plural.Of(webhooks.Count, "webhook")} send a secret header over https and are enabled")
            : CheckResult.Failed(this, Plural.Of(evidence.Count, "webhook problem"), evidence, string.Join("; ", fixes)));
    }

    /// <summary>Salesloft signs every delivery with the subscription's callback token (HMAC-SHA1), which its API
    /// never shows again, so what can be checked is where deliveries go and whether they are sent at all.</summary>
    private CheckResult Salesloft(SalesloftSnapshot salesloft)
    {
        if (salesloft.Subscriptions.Value is not { } subscriptions)
        {
            return CheckResult.Skip(this, salesloft.Subscriptions.Missing!);
        }

        var evidence = new List<string>();
        var fixes = new List<string>();
        foreach (var subscription in subscriptions)
        {
            if (Uri.TryCreate(subscription.CallbackUrl, UriKind.Absolute, out var target) && target.Scheme == Uri.UriSchemeHttp && !target.IsLoopback)
            {
                evidence.Add($"subscription {subscription.Id} ({subscription.EventType}) -> {subscription.CallbackUrl}: plain http: payloads and signatures travel in clear");
                fixes.Add($"recreate subscription {subscription.Id} with an https callback_url and a fresh callback_token (POST /v2/webhook_subscriptions), then delete it (DELETE /v2/webhook_subscriptions/{subscription.Id})");
            }

            if (!subscription.Enabled)
            {
                evidence.Add($"subscription {subscription.Id} ({subscription.EventType}) is disabled: Salesloft sends it nothing");
                fixes.Add($"re-enable subscription {subscription.Id} once its receiver answers (PUT /v2/webhook_subscriptions/{subscription.Id} with enabled: true)");
            }
        }

        return evidence.Count == 0
            ? CheckResult.Passed(this, $"{Plural.Of(subscriptions.Count, "Salesloft subscription")} deliver over https and are enabled; each is signed with its callback token, which keyward webhooks serve verifies (scheme salesloft)")
            : CheckResult.Failed(this, Plural.Of(evidence.Count, "webhook problem"), evidence, string.Join("; ", fixes));
    }

    private static string Describe(WebhookFinding finding) => finding switch
    {
        WebhookFinding.Disabled => "disabled after failed deliveries (status -1): events are being lost",
        WebhookFinding.Unauthenticated => "no secret header: anyone who finds the URL can post fake events",
        WebhookFinding.PlainHttp => "plain http: payloads and headers travel in clear",
        _ => finding.ToString(),
    };
}
