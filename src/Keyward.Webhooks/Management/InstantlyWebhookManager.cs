using System.Net;
using System.Security.Cryptography;
using System.Text;
using Keyward.Core.Auditing;
using Keyward.Core.Secrets;
using Keyward.Core.Text;
using Keyward.Providers.Instantly;
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

    /// <summary>The shortest header value <see cref="Assess"/> takes for a secret: 16 characters. Secrets this tool
    /// creates have 43 (32 random bytes).</summary>
    public const int MinimumSecretLength = 16;

    private readonly InstantlyClient _admin;
    private readonly SecretStores _stores;
    private readonly IAuditSink _audit;
    private readonly string _actor;
    private readonly TimeProvider _time;
    private readonly HttpClient? _probe;

    /// <summary>Initializes a new instance of the <see cref="InstantlyWebhookManager"/> class.</summary>
    /// <param name="admin">A client whose key has <c>webhooks</c> scopes.</param>
    /// <param name="stores">Where webhook secrets are kept.</param>
    /// <param name="audit">Receives one record per change.</param>
    /// <param name="actor">Who acts.</param>
    /// <param name="time">The clock.</param>
    /// <param name="probe">Sends the probes of <see cref="RotateSecretAsync"/> to the receivers; null disables probing. A probe
    /// carries the pending secret, so the client must not follow redirects (<c>AllowAutoRedirect</c> off): .NET drops only
    /// <c>Authorization</c> when it follows one.</param>
    public InstantlyWebhookManager(InstantlyClient admin, SecretStores stores, IAuditSink audit, string actor, TimeProvider? time = null, HttpClient? probe = null)
    {
        _probe = probe;
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

        if (webhook.Headers is null || !webhook.Headers.Values.Any(v => v.Trim().Length >= MinimumSecretLength))
        {
            findings.Add(WebhookFinding.Unauthenticated);
        }

        if (Uri.TryCreate(webhook.TargetHookUrl, UriKind.Absolute, out var target) && target.Scheme == Uri.UriSchemeHttp && !target.IsLoopback)
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

    /// <summary>Creates one webhook per event type, all sending the secret at <paramref name="secret"/> in
    /// <paramref name="header"/>. When the reference already holds a current secret, that one is used: receivers
    /// already accept it, and webhooks created before with it keep working (replacing it is
    /// <see cref="RotateSecretAsync"/>'s job, which switches every webhook over). Otherwise a new secret (32 random
    /// bytes) is stored there before any webhook exists, so no webhook is ever created with a secret that was not
    /// kept. Everything is checked before the secret store or Instantly is touched.</summary>
    /// <param name="target">Where Instantly delivers: https, or http to loopback only unless <paramref name="allowInsecure"/>.</param>
    /// <param name="eventTypes">The subscription event types, such as <c>reply_received</c> (or <c>all_events</c>).</param>
    /// <param name="secret">Where the secret goes (a writable store); the receiver's <c>verify.secret</c>.</param>
    /// <param name="header">The header name.</param>
    /// <param name="allowInsecure">Allow a plain-http target that is not loopback.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The webhooks created.</returns>
    /// <exception cref="ArgumentException">The target is not https (and not allowed), no event type was given, or one is
    /// not a subscription type.</exception>
    /// <exception cref="SecretStoreException">The secret's store is read-only.</exception>
    /// <exception cref="WebhookCreationException">Instantly refused a webhook after others were created; it names
    /// them.</exception>
    public async Task<IReadOnlyList<Webhook>> CreateAsync(Uri target, IReadOnlyList<string> eventTypes, SecretReference secret, string header = DefaultHeader, bool allowInsecure = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(eventTypes);
        ArgumentNullException.ThrowIfNull(secret);
        if (!target.IsAbsoluteUri || (target.Scheme != Uri.UriSchemeHttps && !(target.Scheme == Uri.UriSchemeHttp && (allowInsecure || target.IsLoopback))))
        {
            throw new ArgumentException($"the target {UrlText.Redact(target)} must be https: over plain http the secret header and every payload travel in clear (pass --allow-insecure to accept that)", nameof(target));
        }

        if (eventTypes.Count == 0)
        {
            throw new ArgumentException("name at least one event type, such as reply_received or all_events", nameof(eventTypes));
        }

        if (eventTypes.FirstOrDefault(t => !InstantlyWebhookEventTypes.Subscription.Contains(t, StringComparer.Ordinal)) is { } unknown)
        {
            throw new ArgumentException($"'{unknown}' is not an Instantly webhook event type; use one of {string.Join(", ", InstantlyWebhookEventTypes.Subscription)}", nameof(eventTypes));
        }

        var store = _stores.For(secret);
        if (store.IsReadOnly)
        {
            throw new SecretStoreException($"{secret} is read-only; keep webhook secrets in a writable store such as vault-file:.keyward/secrets.kwv#INSTANTLY_WEBHOOK_SECRET");
        }

        SecretValue value;
        try
        {
            value = await store.GetAsync(secret, SecretLabels.Current, cancellationToken).ConfigureAwait(false);
        }
        catch (SecretNotFoundException)
        {
            value = NewSecret();
            await store.PutAsync(secret, value, SecretLabels.Current, cancellationToken).ConfigureAwait(false);
        }

        var created = new List<Webhook>();
        foreach (var eventType in eventTypes)
        {
            Webhook webhook;
            try
            {
                webhook = await _admin.CreateWebhookAsync(
                    new WebhookDefinition(target.ToString(), eventType, $"keyward {eventType}", Headers: new Dictionary<string, string> { [header] = value.Reveal() }),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (created.Count > 0 && e is not OperationCanceledException)
            {
                throw new WebhookCreationException(
                    $"Instantly refused the {eventType} webhook ({e.Message}) after creating {string.Join(", ", created.Select(w => $"{w.Id} ({w.EventType})"))}; those send the secret at {secret} and stay. Run the command again for the remaining event types only.",
                    e);
            }

            created.Add(webhook);
            await AuditAsync("webhook.create", webhook.Id, new() { ["target"] = UrlText.Redact(target), ["event_type"] = eventType, ["secret"] = secret.ToString() }, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Rotates the secret a set of webhooks sends, with no delivery rejected on the way. The new secret is
    /// staged as <see cref="SecretLabels.Pending"/> (receivers with a <see cref="Verification.StoredSecretsVerifier"/>
    /// accept it alongside the old one from their next reload); once every target accepts it, each webhook that sends
    /// the old secret is patched to send the new one; after <see cref="WebhookSecretRotationOptions.Grace"/> the new
    /// secret is promoted to current, and receivers stop accepting the old one.</summary>
    /// <remarks>The webhooks rotated are those whose <see cref="WebhookSecretRotationOptions.Header"/> holds the
    /// secret's current or pending value (compared in constant time). Every step can be repeated: a run interrupted
    /// anywhere is resumed by running it again, which takes up the pending secret instead of making another.</remarks>
    /// <param name="secret">The secret the webhooks send and the receivers verify (a writable store).</param>
    /// <param name="options">The header, grace and probing; defaults when null.</param>
    /// <param name="progress">Receives one line per step; may be null.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="SecretStoreException">The store is read-only.</exception>
    /// <exception cref="SecretNotFoundException">The secret has no current value.</exception>
    /// <exception cref="WebhookRotationException">No webhook sends the secret, or a receiver never accepted the new one.</exception>
    public async Task<WebhookSecretRotation> RotateSecretAsync(
        SecretReference secret,
        WebhookSecretRotationOptions? options = null,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        options ??= new WebhookSecretRotationOptions();
        var store = _stores.For(secret);
        if (store.IsReadOnly)
        {
            throw new SecretStoreException($"{secret} is read-only, so its secret cannot rotate; move it to a writable store (keyward secrets set) first");
        }

        var current = await store.GetAsync(secret, SecretLabels.Current, cancellationToken).ConfigureAwait(false);
        SecretValue? pending = null;
        try
        {
            pending = await store.GetAsync(secret, SecretLabels.Pending, cancellationToken).ConfigureAwait(false);
        }
        catch (SecretNotFoundException)
        {
            // No rotation under way.
        }

        var webhooks = new List<Webhook>();
        await foreach (var webhook in InstantlyClient.ReadAllAsync((cursor, ct) => _admin.ListWebhooksAsync(100, cursor, ct), cancellationToken).ConfigureAwait(false))
        {
            if (HeaderValue(webhook, options.Header) is { } sent && (SameSecret(sent, current) || (pending is not null && SameSecret(sent, pending))))
            {
                webhooks.Add(webhook);
            }
        }

        if (webhooks.Count == 0)
        {
            throw new WebhookRotationException($"no Instantly webhook sends the secret at {secret} in header {options.Header}; `keyward webhooks list` shows each webhook's headers (name another with --header)") { IsUsageError = true };
        }

        var resumed = pending is not null;
        if (options.DryRun)
        {
            return new WebhookSecretRotation(secret, webhooks, resumed, DryRun: true);
        }

        if (pending is null)
        {
            pending = NewSecret();
            await store.PutAsync(secret, pending, SecretLabels.Pending, cancellationToken).ConfigureAwait(false);
            progress?.Report($"staged a new secret at {secret} (pending); receivers accept it from their next reload");
        }
        else
        {
            progress?.Report($"resuming: {secret} already holds a pending secret from an earlier run");
        }

        var versionId = (await store.GetVersionsAsync(secret, cancellationToken).ConfigureAwait(false))
            .First(v => v.Labels.Contains(SecretLabels.Pending)).VersionId;
        if (options.Probe)
        {
            foreach (var target in webhooks.Select(w => w.TargetHookUrl).Distinct(StringComparer.Ordinal))
            {
                await WaitUntilAcceptedAsync(target, options, pending, progress, cancellationToken).ConfigureAwait(false);
            }
        }

        var switched = new List<Webhook>();
        foreach (var webhook in webhooks)
        {
            if (SameSecret(HeaderValue(webhook, options.Header)!, pending))
            {
                switched.Add(webhook);
                continue;
            }

            var headers = webhook.Headers!.ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal);
            headers[headers.Keys.First(k => string.Equals(k, options.Header, StringComparison.OrdinalIgnoreCase))] = pending.Reveal();
            switched.Add(await _admin.UpdateWebhookAsync(webhook.Id, new WebhookDefinition(Headers: headers), cancellationToken).ConfigureAwait(false));
            await AuditAsync("webhook.secret.switch", webhook.Id, new() { ["secret"] = secret.ToString(), ["header"] = options.Header }, cancellationToken).ConfigureAwait(false);
            progress?.Report($"webhook {webhook.Id} ({webhook.EventType}) now sends the new secret");
        }

        if (options.Grace > TimeSpan.Zero)
        {
            progress?.Report($"waiting {DurationText.Format(options.Grace)} for deliveries Instantly is still retrying with the old secret");
            await Task.Delay(options.Grace, _time, cancellationToken).ConfigureAwait(false);
        }

        await store.PromoteAsync(secret, versionId, cancellationToken).ConfigureAwait(false);
        await _audit.WriteAsync(
            new AuditRecord(_time.GetUtcNow(), _actor, "webhook.secret.rotate", $"webhook secret {secret}", true, null, new Dictionary<string, string> { ["webhooks"] = string.Join(',', switched.Select(w => w.Id)), ["version"] = versionId }),
            cancellationToken).ConfigureAwait(false);
        progress?.Report($"promoted the new secret; receivers stop accepting the old one at their next reload");
        return new WebhookSecretRotation(secret, switched, resumed, DryRun: false);
    }

    private static SecretValue NewSecret() =>
        new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'));

    private static string? HeaderValue(Webhook webhook, string header) =>
        webhook.Headers?.FirstOrDefault(h => string.Equals(h.Key, header, StringComparison.OrdinalIgnoreCase)).Value;

    private static bool SameSecret(string sent, SecretValue secret) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(sent)), SHA256.HashData(Encoding.UTF8.GetBytes(secret.Reveal())));

    private async Task WaitUntilAcceptedAsync(string target, WebhookSecretRotationOptions options, SecretValue pending, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var probe = _probe ?? throw new InvalidOperationException("probing needs the HttpClient given to the constructor; pass one, or turn WebhookSecretRotationOptions.Probe off");

        var shown = UrlText.Redact(target);
        progress?.Report($"waiting until {shown} accepts the new secret");
        var deadline = _time.GetUtcNow() + options.ProbeTimeout;
        var last = "no answer yet";
        DateTimeOffset? acceptedSince = null;
        var refusedAfterAccepting = false;
        while (true)
        {
            var accepted = await ProbeAsync(probe, target, shown, options, pending, cancellationToken).ConfigureAwait(false);
            if (accepted is null)
            {
                var now = _time.GetUtcNow();
                if (acceptedSince is null && options.ProbeSettle > TimeSpan.Zero)
                {
                    progress?.Report($"{shown} accepts it; probing on for {DurationText.Format(options.ProbeSettle)} so that every receiver behind it is reached");
                }

                acceptedSince ??= now;
                if (now - acceptedSince >= options.ProbeSettle)
                {
                    return;
                }
            }
            else
            {
                refusedAfterAccepting |= acceptedSince is not null;
                acceptedSince = null;
                last = accepted;
            }

            if (_time.GetUtcNow() >= deadline)
            {
                var why = refusedAfterAccepting
                    ? "it accepted some probes and refused others: some receivers behind it reload the rotated secret and some do not"
                    : acceptedSince is not null
                        ? $"it accepted the probes for less than the {DurationText.Format(options.ProbeSettle)} of --probe-settle"
                        : last;
                throw new WebhookRotationException($"{shown} did not accept the new secret within {DurationText.Format(options.ProbeTimeout)} ({why}); no webhook was switched to it in this run. Check that the receiver's verify.secret is the rotated reference and that it runs `keyward webhooks serve` (it reloads secrets every webhooks.secret-refresh), then run the command again to resume");
            }

            await Task.Delay(options.ProbeInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one probe.</summary>
    /// <returns>Null when the target accepted the pending secret; otherwise why not, for the timeout's message.</returns>
    private static async Task<string?> ProbeAsync(HttpClient probe, string target, string shown, WebhookSecretRotationOptions options, SecretValue pending, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent([]) };
        request.Headers.TryAddWithoutValidation(options.Header, pending.Reveal());
        request.Headers.TryAddWithoutValidation(Receiver.WebhookReceiver.ProbeHeader, "rotate-secret");
        try
        {
            using var response = await probe.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.StatusCode switch
            {
                HttpStatusCode.NoContent => null,
                HttpStatusCode.Unauthorized => "401, the new secret is not accepted yet",
                HttpStatusCode.Forbidden => throw new WebhookRotationException($"{shown} refused the rotation probe's address (its allow-list, webhooks.*.allow); run the rotation from an allowed address, or with --no-probe once the receivers accept the pending secret"),
                _ => throw new WebhookRotationException($"{shown} answered {(int)response.StatusCode} to the rotation probe, so it is not a keyward receiver (which answers 204 or 401); make it accept the pending secret of the rotation, then run again with --no-probe"),
            };
        }
        catch (HttpRequestException e)
        {
            return $"unreachable ({e.HttpRequestError})";
        }
    }

    private ValueTask AuditAsync(string action, string webhookId, Dictionary<string, string> metadata, CancellationToken cancellationToken) =>
        _audit.WriteAsync(new AuditRecord(_time.GetUtcNow(), _actor, action, $"instantly webhook {webhookId}", true, null, metadata), cancellationToken);
}
