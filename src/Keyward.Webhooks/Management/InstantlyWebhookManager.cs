using System.Net;
using System.Security.Cryptography;
using Keyward.Core.Auditing;
using Keyward.Core.Secrets;
using Keyward.Providers.Instantly.Client;
using Keyward.Providers.Instantly.Client.Models;
using Keyward.Secrets;

namespace Keyward.Webhooks.Management;

/// <summary>Creates Instantly webhooks that can be authenticated, and finds the ones that cannot: <c>keyward webhooks
/// create|list|resume</c>. Instantly does not sign deliveries, so a webhook is only as safe as the secret header it
/// sends; this class makes that secret strong, keeps it in a secret store, and refuses plain-http targets.</summary>
public sealed class InstantlyWebhookManager
{
    /// <summary>The header the secret travels in unless another is named.</summary>
    public const string DefaultHeader = "X-Keyward-Webhook-Secret";

    private readonly InstantlyClient _admin;
    private readonly SecretStores _stores;
    private readonly IAuditSink _audit;
    private readonly string _actor;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="InstantlyWebhookManager"/> class.</summary>
    /// <param name="admin">A client whose key has <c>webhooks</c> scopes.</param>
    /// <param name="stores">Where webhook secrets are kept.</param>
    /// <param name="audit">Receives one record per change.</param>
    /// <param name="actor">Who acts.</param>
    /// <param name="time">The clock.</param>
    public InstantlyWebhookManager(InstantlyClient admin, SecretStores stores, IAuditSink audit, string actor, TimeProvider? time = null)
    {
        _admin = admin ?? throw new ArgumentNullException(nameof(admin));
        _stores = stores ?? throw new ArgumentNullException(nameof(stores));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _actor = actor ?? throw new ArgumentNullException(nameof(actor));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Finds what is wrong with a webhook.</summary>
    /// <param name="webhook">The webhook.</param>
    /// <returns>Its findings.</returns>
    public static IReadOnlyList<WebhookFinding> Assess(Webhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var findings = new List<WebhookFinding>();
        if (webhook.IsDisabled)
        {
            findings.Add(WebhookFinding.Disabled);
        }

        if (webhook.Headers is not { Count: > 0 })
        {
            findings.Add(WebhookFinding.Unauthenticated);
        }

        if (Uri.TryCreate(webhook.TargetHookUrl, UriKind.Absolute, out var target) && target.Scheme == Uri.UriSchemeHttp && !IsLoopback(target))
        {
            findings.Add(WebhookFinding.PlainHttp);
        }

        return findings;
    }

    /// <summary>Lists every webhook with its findings.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The reports.</returns>
    public async Task<IReadOnlyList<WebhookReport>> ListAsync(CancellationToken cancellationToken = default)
    {
        var reports = new List<WebhookReport>();
        await foreach (var webhook in InstantlyClient.ReadAllAsync((cursor, ct) => _admin.ListWebhooksAsync(100, cursor, ct), cancellationToken).ConfigureAwait(false))
        {
            reports.Add(new WebhookReport(webhook, Assess(webhook)));
        }

        return reports;
    }

    /// <summary>Creates one webhook per event type, all sending the same new secret in <paramref name="header"/>. The
    /// secret (32 random bytes) is stored at <paramref name="secret"/> before any webhook exists, so no webhook is
    /// ever created with a secret that was not kept.</summary>
    /// <param name="target">Where Instantly delivers: https, or http to loopback only unless <paramref name="allowInsecure"/>.</param>
    /// <param name="eventTypes">The subscription event types, such as <c>reply_received</c> (or <c>all_events</c>).</param>
    /// <param name="secret">Where the secret goes (a writable store); the receiver's <c>verify.secret</c>.</param>
    /// <param name="header">The header name.</param>
    /// <param name="allowInsecure">Allow a plain-http target that is not loopback.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The webhooks created.</returns>
    /// <exception cref="ArgumentException">The target is not https (and not allowed), or no event type was given.</exception>
    /// <exception cref="SecretStoreException">The secret's store is read-only.</exception>
    public async Task<IReadOnlyList<Webhook>> CreateAsync(Uri target, IReadOnlyList<string> eventTypes, SecretReference secret, string header = DefaultHeader, bool allowInsecure = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(eventTypes);
        ArgumentNullException.ThrowIfNull(secret);
        if (!target.IsAbsoluteUri || (target.Scheme != Uri.UriSchemeHttps && !(target.Scheme == Uri.UriSchemeHttp && (allowInsecure || IsLoopback(target)))))
        {
            throw new ArgumentException($"the target {target.GetLeftPart(UriPartial.Path)} must be https: over plain http the secret header and every payload travel in clear (pass --allow-insecure to accept that)", nameof(target));
        }

        if (eventTypes.Count == 0)
        {
            throw new ArgumentException("name at least one event type, such as reply_received or all_events", nameof(eventTypes));
        }

        var store = _stores.For(secret);
        if (store.IsReadOnly)
        {
            throw new SecretStoreException($"{secret} is read-only; keep webhook secrets in a writable store such as vault-file:.keyward/secrets.kwv#INSTANTLY_WEBHOOK_SECRET");
        }

        var value = new SecretValue(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'));
        await store.PutAsync(secret, value, SecretLabels.Current, cancellationToken).ConfigureAwait(false);
        var created = new List<Webhook>();
        foreach (var eventType in eventTypes)
        {
            var webhook = await _admin.CreateWebhookAsync(
                new WebhookDefinition(target.ToString(), eventType, $"keyward {eventType}", Headers: new Dictionary<string, string> { [header] = value.Reveal() }),
                cancellationToken).ConfigureAwait(false);
            created.Add(webhook);
            await AuditAsync("webhook.create", webhook.Id, new() { ["target"] = target.GetLeftPart(UriPartial.Path), ["event_type"] = eventType, ["secret"] = secret.ToString() }, cancellationToken).ConfigureAwait(false);
        }

        return created;
    }

    /// <summary>Re-enables a webhook Instantly disabled.</summary>
    /// <param name="id">The webhook.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The webhook.</returns>
    public async Task<Webhook> ResumeAsync(string id, CancellationToken cancellationToken = default)
    {
        var webhook = await _admin.ResumeWebhookAsync(id, cancellationToken).ConfigureAwait(false);
        await AuditAsync("webhook.resume", id, [], cancellationToken).ConfigureAwait(false);
        return webhook;
    }

    private static bool IsLoopback(Uri target) =>
        target.IsLoopback || (IPAddress.TryParse(target.Host, out var address) && IPAddress.IsLoopback(address));

    private ValueTask AuditAsync(string action, string webhookId, Dictionary<string, string> metadata, CancellationToken cancellationToken) =>
        _audit.WriteAsync(new AuditRecord(_time.GetUtcNow(), _actor, action, $"instantly webhook {webhookId}", true, null, metadata), cancellationToken);
}
