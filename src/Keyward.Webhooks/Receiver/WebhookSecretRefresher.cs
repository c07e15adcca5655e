using Keyward.Core.Auditing;
using Keyward.Webhooks.Verification;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Keyward.Webhooks.Receiver;

/// <summary>Reloads the secrets of every endpoint whose verifier is a <see cref="StoredSecretsVerifier"/> at a fixed
/// interval, so <c>keyward webhooks rotate-secret</c> reaches running receivers without a restart.</summary>
/// <remarks>
/// Each change is recorded in the audit log (how many secrets are accepted, never which, and which references were
/// revoked by deleting their secret) and logged (a revocation as a warning, with how many references, never which: a
/// reference can carry a connection string). A failed reload is audited and logged when it starts, and logged again
/// once a reload works, not at every tick; the endpoint keeps the secrets it had meanwhile: a secret store outage
/// must not reject deliveries; a deleted secret does (see <see cref="StoredSecretsVerifier"/>).
/// <see cref="WebhookServer"/> runs one; an app with its own host registers it with
/// <c>services.AddHostedService(sp =&gt; new WebhookSecretRefresher(...))</c>.
/// </remarks>
public sealed partial class WebhookSecretRefresher : BackgroundService
{
    /// <summary>The default interval: a rotation waits about this long for every receiver to accept the new secret.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    private readonly IReadOnlyList<WebhookEndpoint> _endpoints;
    private readonly TimeSpan _interval;
    private readonly IAuditSink _audit;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // The endpoints whose last reload failed (locked: RefreshAsync is public).
    private readonly HashSet<string> _failing = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="WebhookSecretRefresher"/> class.</summary>
    /// <param name="endpoints">The endpoints; those without a <see cref="StoredSecretsVerifier"/> are left alone.</param>
    /// <param name="interval">How often to reload.</param>
    /// <param name="audit">Where reloads are recorded.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Where reloads, revocations and failures are logged; nowhere when null.</param>
    public WebhookSecretRefresher(IEnumerable<WebhookEndpoint> endpoints, TimeSpan interval, IAuditSink audit, TimeProvider time, ILogger<WebhookSecretRefresher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _endpoints = [.. endpoints.Where(e => e.Verifier is StoredSecretsVerifier)];
        _interval = interval;
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Reloads every endpoint's secrets once.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>How many endpoints changed.</returns>
    public async Task<int> RefreshAsync(CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var endpoint in _endpoints)
        {
            var verifier = (StoredSecretsVerifier)endpoint.Verifier;
            string? failure = null;
            bool reloaded;
            try
            {
                reloaded = await verifier.RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                reloaded = false;
                failure = $"{e.GetType().Name}: {e.Message}";
            }

            var target = $"webhook {endpoint.Name} ({endpoint.Path})";
            bool failureStarts, failureEnds;
            lock (_failing)
            {
                failureStarts = failure is not null && _failing.Add(endpoint.Name);
                failureEnds = failure is null && _failing.Remove(endpoint.Name);
            }

            if (failureEnds)
            {
                LogReloadsWork(_logger, target);
            }

            if (reloaded || failureStarts)
            {
                changed += reloaded ? 1 : 0;
                if (failureStarts)
                {
                    LogReloadFailing(_logger, target, failure!);
                }
                else if (verifier.Revoked.Count > 0)
                {
                    LogRevoked(_logger, target, verifier.Revoked.Count, verifier.AcceptedCount);
                }
                else
                {
                    LogReloaded(_logger, target, verifier.AcceptedCount);
                }

                var properties = new Dictionary<string, string> { ["accepted"] = verifier.AcceptedCount.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                if (verifier.Revoked.Count > 0)
                {
                    properties["revoked"] = string.Join(", ", verifier.Revoked);
                }

                await _audit.WriteAsync(
                    new AuditRecord(
                        _time.GetUtcNow(),
                        "keyward webhooks serve",
                        "webhook.secrets.reload",
                        target,
                        failure is null,
                        failure is null ? null : $"kept the secrets accepted until now; {failure}",
                        properties),
                    cancellationToken).ConfigureAwait(false);
            }
        }

        return changed;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_endpoints.Count == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(_interval, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The audit log failed; the next tick tries again.
                LogNotAudited(_logger, $"{e.GetType().Name}: {e.Message}");
            }
        }
    }

    [LoggerMessage(1, LogLevel.Information, "{Target} reloaded its secrets: {Accepted} accepted")]
    private static partial void LogReloaded(ILogger logger, string target, int accepted);

    [LoggerMessage(2, LogLevel.Warning, "{Target}: {Revoked} secret reference(s) no longer hold a secret, so their secrets are refused; {Accepted} accepted")]
    private static partial void LogRevoked(ILogger logger, string target, int revoked, int accepted);

    [LoggerMessage(3, LogLevel.Error, "{Target} cannot reload its secrets ({Error}); it keeps accepting the ones it had, and says so once a reload works")]
    private static partial void LogReloadFailing(ILogger logger, string target, string error);

    [LoggerMessage(4, LogLevel.Information, "{Target} reloads its secrets again")]
    private static partial void LogReloadsWork(ILogger logger, string target);

    [LoggerMessage(5, LogLevel.Warning, "the audit log could not record a reload of the secrets ({Error})")]
    private static partial void LogNotAudited(ILogger logger, string error);
}
