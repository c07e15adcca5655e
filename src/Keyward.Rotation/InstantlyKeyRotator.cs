using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Keyward.Core.Auditing;
using Keyward.Core.Scopes;
using Keyward.Core.Secrets;
using Keyward.Providers.Instantly;
using Keyward.Providers.Instantly.Client;
using Keyward.Providers.Instantly.Client.Models;
using Keyward.Secrets;

namespace Keyward.Rotation;

/// <summary>Rotates an Instantly API key without downtime, and survives being killed at any moment: plan → create →
/// store as pending → test → promote (the commit point) → grace → revoke the old key → done, each step journaled in
/// <see cref="RotationJournal"/> before the next acts. Modelled on AWS Secrets Manager's rotation steps.</summary>
/// <remarks>
/// <para>Instantly keys cannot be edited and their value is shown once, so rotating means creating a second key,
/// switching consumers to it, and revoking the first. The new key's value goes to the journal (sealed) and then to
/// the store as <c>pending</c> before anything else; a key whose value was lost (the process died inside the create
/// call) carries the rotation id in its name and is found and revoked on resume.</para>
/// <para>Management calls (list, create, revoke, audit logs) use the admin key. Consumers pick up the new key from the
/// store (<see cref="ISecretStore.Changed"/>, or the client's retry on a 401); the old key stays valid for the grace
/// period, and is revoked only if Instantly's audit log shows no call made with it since the promotion.</para>
/// </remarks>
public sealed partial class InstantlyKeyRotator
{
    private readonly InstantlyKeyManager _keys;
    private readonly Uri _baseAddress;
    private readonly RotationJournal _journal;
    private readonly IAuditSink _audit;
    private readonly string _actor;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="InstantlyKeyRotator"/> class.</summary>
    /// <param name="keys">Key management with the admin key (needs <c>api_keys</c> scopes; <c>audit_logs:read</c> for the usage check) and the secret stores.</param>
    /// <param name="baseAddress">Instantly's address, for the client that tests the new key.</param>
    /// <param name="journal">The journal.</param>
    /// <param name="audit">Receives one record per step.</param>
    /// <param name="actor">Who rotates, for the audit log.</param>
    /// <param name="time">The clock that times the grace period.</param>
    public InstantlyKeyRotator(InstantlyKeyManager keys, Uri baseAddress, RotationJournal journal, IAuditSink audit, string actor, TimeProvider? time = null)
    {
        _keys = keys ?? throw new ArgumentNullException(nameof(keys));
        _baseAddress = baseAddress ?? throw new ArgumentNullException(nameof(baseAddress));
        _journal = journal ?? throw new ArgumentNullException(nameof(journal));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _actor = actor ?? throw new ArgumentNullException(nameof(actor));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Gets or sets how many times the test step retries a new key Instantly does not accept yet, and the
    /// first wait (doubling after each try); a new key may take a moment to reach every Instantly server.</summary>
    public (int Attempts, TimeSpan FirstDelay) Propagation { get; set; } = (4, TimeSpan.FromSeconds(1));

    /// <summary>Plans a rotation without changing anything (what <c>--dry-run</c> prints).</summary>
    /// <param name="secret">The secret holding the key in use; its store must be writable.</param>
    /// <param name="scopes">The new key's scopes; default the old key's.</param>
    /// <param name="grace">How long the old key stays valid after the promotion.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The plan, at <see cref="RotationStep.Planned"/>, not yet journaled.</returns>
    /// <exception cref="RotationException">The store is read-only, the secret holds no Instantly key, or the key is
    /// not in the admin key's workspace.</exception>
    public async Task<RotationRecord> PlanAsync(SecretReference secret, ScopeSet? scopes, TimeSpan grace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero);
        var store = _keys.Stores.For(secret);
        if (store.IsReadOnly)
        {
            throw new RotationException($"{secret} is read-only, so a rotated key could not be stored there; move the key to a writable store first (keyward secrets import-env), then rotate that reference");
        }

        var current = await store.GetAsync(secret, SecretLabels.Current, cancellationToken).ConfigureAwait(false);
        if (!InstantlyKeyShape.TryGetKeyId(current, out var keyId))
        {
            throw new RotationException($"the current value of {secret} is not an Instantly API v2 key (base64 of <key id>:<secret>), so there is no key id to rotate");
        }

        var id = keyId.ToString("D");
        var old = (await _keys.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(k => k.Id == id)
            ?? throw new RotationException($"key {id} (the current value of {secret}) is not among the admin key's workspace keys: it was revoked, or the admin key belongs to another workspace");
        var newScopes = scopes ?? InstantlyScopes.Vocabulary.ParseSet(string.Join(' ', old.Scopes));
        var rotationId = "kwrot-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var now = _time.GetUtcNow();
        return new RotationRecord(rotationId, secret.ToString(), RotationStep.Planned, old.Id, old.Name, newScopes.ToString(), NewName(old.Name, rotationId), null, null, grace, null, now, now, null);
    }

    /// <summary>Journals a plan and runs it to the end.</summary>
    /// <param name="plan">From <see cref="PlanAsync"/>.</param>
    /// <param name="progress">Receives one line per step.</param>
    /// <param name="cancellationToken">Stops between steps; resume later.</param>
    /// <returns>The finished rotation.</returns>
    /// <exception cref="RotationException">Another rotation of the secret is open, the new key failed its test (it is
    /// revoked; the old one stays), or the old key is still in use after the grace period.</exception>
    public Task<RotationRecord> RotateAsync(RotationRecord plan, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var secret = SecretReference.Parse(plan.Secret);
        return RunAsync(_journal.Begin(plan, secret), secret, ignoreUsage: false, progress, cancellationToken);
    }

    /// <summary>Continues an unfinished rotation from its last journaled step.</summary>
    /// <param name="record">The rotation, from <see cref="RotationJournal.FindOpen"/> or <see cref="RotationJournal.List"/>.</param>
    /// <param name="ignoreUsage">Revoke the old key even if Instantly's audit log shows it still in use.</param>
    /// <param name="progress">Receives one line per step.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>The finished rotation.</returns>
    /// <exception cref="RotationException">As for <see cref="RotateAsync"/>.</exception>
    public Task<RotationRecord> ResumeAsync(RotationRecord record, bool ignoreUsage = false, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return RunAsync(record, _journal.SecretOf(record), ignoreUsage, progress, cancellationToken);
    }

    /// <summary>The tag a rotation puts in its key's name: how a key whose value was lost is found again.</summary>
    private static string Tag(string rotationId) => $"[keyward {rotationId}]";

    private static string NewName(string oldName, string rotationId) => $"{TagPattern().Replace(oldName, string.Empty).Trim()} {Tag(rotationId)}".Trim();

    private async Task<RotationRecord> RunAsync(RotationRecord record, SecretReference secret, bool ignoreUsage, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        using var running = _journal.Lock(record);

        // Another process may have advanced it between our read and our lock: go on from what the journal says now.
        record = _journal.Get(record.Id);
        var store = _keys.Stores.For(secret);
        if (record.Step != RotationStep.Planned)
        {
            progress?.Report($"resuming rotation {record.Id} of {record.Secret} after step '{record.Step}'");
        }

        while (!record.IsFinished)
        {
            cancellationToken.ThrowIfCancellationRequested();
            record = record.Step switch
            {
                RotationStep.Planned => Step(record with { Step = RotationStep.Creating }, "creating the new key", "planned"),
                RotationStep.Creating => await CreateAsync(record, progress, cancellationToken).ConfigureAwait(false),
                RotationStep.Created => await StoreAsync(record, secret, store, cancellationToken).ConfigureAwait(false),
                RotationStep.Stored => await TestAsync(record, cancellationToken).ConfigureAwait(false),
                RotationStep.Tested => await PromoteAsync(record, secret, store, cancellationToken).ConfigureAwait(false),
                RotationStep.Promoted => await RevokeAsync(record, ignoreUsage, progress, cancellationToken).ConfigureAwait(false),
                RotationStep.Revoked => await FinishAsync(record, progress, cancellationToken).ConfigureAwait(false),
                _ => throw new RotationException($"rotation {record.Id} is at an unknown step '{record.Step}'"),
            };
            progress?.Report($"{record.Id}: {Describe(record)}");
        }

        return record;
    }

    private RotationRecord Step(RotationRecord next, string detail, string faultPointBefore)
    {
        RotationFaultPoints.Reach(faultPointBefore);
        return _journal.Advance(next, detail);
    }

    private async Task<RotationRecord> CreateAsync(RotationRecord record, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        RotationFaultPoints.Reach("creating");

        // A previous run may have died after Instantly created its key but before the value was journaled: that key
        // can never be used, so revoke it before making another.
        await RevokeOrphansAsync(record, progress, cancellationToken).ConfigureAwait(false);
        var created = await _keys.Admin.CreateApiKeyAsync(record.NewKeyName, InstantlyScopes.Vocabulary.ParseSet(record.Scopes), cancellationToken).ConfigureAwait(false);
        RotationFaultPoints.Reach("create:response-received");
        record = _journal.Advance(record with { Step = RotationStep.Created, NewKeyId = created.Details.Id }, $"created key {created.Details.Id}; its value is sealed in this journal", created.Key);
        await AuditAsync("rotation.create", record, true, null, cancellationToken).ConfigureAwait(false);
        return record;
    }

    private async Task<RotationRecord> StoreAsync(RotationRecord record, SecretReference secret, ISecretStore store, CancellationToken cancellationToken)
    {
        RotationFaultPoints.Reach("created");
        var key = _journal.OpenNewKey(record);
        var pending = await PendingVersionAsync(secret, store, key, cancellationToken).ConfigureAwait(false)
            ?? await store.PutAsync(secret, key, SecretLabels.Pending, cancellationToken).ConfigureAwait(false);
        return _journal.Advance(record with { Step = RotationStep.Stored, PendingVersion = pending }, $"stored the new key at {record.Secret} as pending version {pending}");
    }

    private async Task<RotationRecord> TestAsync(RotationRecord record, CancellationToken cancellationToken)
    {
        RotationFaultPoints.Reach("stored");
        var scopes = InstantlyScopes.Vocabulary.ParseSet(record.Scopes);
        var proofs = ScopeProofs.For(scopes);
        await using var candidate = InstantlyClientHost.Create(
            o => (o.BaseAddress, o.ApiKey, o.Scopes, o.Actor) = (_baseAddress, CandidateKeyResolver.Reference.Raw, Scope.Everything.ToString(), $"keyward rotation {record.Id}"),
            new CandidateKeyResolver(_journal.OpenNewKey(record)),
            _audit,
            _time);
        var failure = await ProveAsync(candidate.Client, proofs, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            await _keys.DeleteIfPresentAsync(record.NewKeyId!, cancellationToken).ConfigureAwait(false);
            record = _journal.Advance(record with { Step = RotationStep.Failed, Failure = failure }, $"test failed, new key {record.NewKeyId} revoked; {record.OldKeyId} stays current: {failure}");
            await AuditAsync("rotation.test", record, false, failure, cancellationToken).ConfigureAwait(false);
            throw new RotationException($"rotation {record.Id} stopped: {failure}. The new key was revoked and {record.Secret} still holds the old key, which works as before.");
        }

        var proved = proofs.Count == 0 ? "authentication" : string.Join(", ", proofs.Select(p => $"{p.Scope} ({p.Operation.Key})"));
        record = _journal.Advance(record with { Step = RotationStep.Tested }, $"the new key works: {proved}");
        await AuditAsync("rotation.test", record, true, null, cancellationToken).ConfigureAwait(false);
        return record;
    }

    private async Task<string?> ProveAsync(InstantlyClient candidate, IReadOnlyList<ScopeProof> proofs, CancellationToken cancellationToken)
    {
        // The first call also proves the key authenticates; a brand-new key may need a moment to propagate.
        var calls = proofs.Count > 0 ? proofs : [ScopeProofs.Authentication];
        var delay = Propagation.FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await candidate.SendAsync("GET", calls[0].Operation.PathTemplate, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (ApiKeyRejectedException) when (attempt < Propagation.Attempts)
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
            catch (ApiKeyRejectedException)
            {
                return $"Instantly rejects the new key (401) after {attempt} tries";
            }
            catch (ScopeDeniedException) when (proofs.Count == 0)
            {
                break; // 403 to a key without workspace read still proves it authenticates
            }
            catch (ScopeDeniedException)
            {
                return $"the new key was denied {calls[0].Operation.Key}, which its scope {calls[0].Scope} should allow";
            }
            catch (InstantlyApiException e) when (PassedTheGate(e))
            {
                break;
            }
        }

        foreach (var proof in proofs.Skip(1))
        {
            try
            {
                await candidate.SendAsync("GET", proof.Operation.PathTemplate, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (InstantlyApiException e) when (e is ApiKeyRejectedException or ScopeDeniedException)
            {
                return $"the new key was denied {proof.Operation.Key} ({(int?)e.StatusCode}), which its scope {proof.Scope} should allow";
            }
            catch (InstantlyApiException e) when (PassedTheGate(e))
            {
                // Authentication and the scope check passed; the call failed for another reason.
            }
        }

        return null;
    }

    /// <summary>An error that Instantly can only give after accepting the key and its scope: a 4xx other than 401,
    /// 403 and 429 (bad or missing query parameters, say), or 501 for an operation a server does not implement.
    /// Other 5xx errors prove nothing and stop the step; resume retries it.</summary>
    private static bool PassedTheGate(InstantlyApiException e) =>
        e.StatusCode is { } status && (((int)status is >= 400 and < 500 && status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests))
            || status == HttpStatusCode.NotImplemented);

    private async Task<RotationRecord> PromoteAsync(RotationRecord record, SecretReference secret, ISecretStore store, CancellationToken cancellationToken)
    {
        RotationFaultPoints.Reach("tested");
        await store.PromoteAsync(secret, record.PendingVersion!, cancellationToken).ConfigureAwait(false);
        record = _journal.Advance(
            record with { Step = RotationStep.Promoted, PromotedAt = _time.GetUtcNow() },
            $"promoted: {record.Secret} now holds key {record.NewKeyId}; key {record.OldKeyId} is previous and stays valid for {record.Grace}");
        await AuditAsync("rotation.promote", record, true, null, cancellationToken).ConfigureAwait(false);
        return record;
    }

    private async Task<RotationRecord> RevokeAsync(RotationRecord record, bool ignoreUsage, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        RotationFaultPoints.Reach("promoted");
        var remaining = record.GraceEndsAt!.Value - _time.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            progress?.Report($"{record.Id}: grace period, {remaining:hh\\:mm\\:ss} until key {record.OldKeyId} is revoked; consumers of {record.Secret} reload now");
            RotationFaultPoints.Reach("grace:waiting");
            await Task.Delay(remaining, _time, cancellationToken).ConfigureAwait(false);
        }

        var usage = await OldKeyUsageAsync(record, cancellationToken).ConfigureAwait(false);
        if (usage is { Count: > 0 } used && !ignoreUsage)
        {
            var held = $"key {record.OldKeyId} was used {used.Count} times since the promotion (last at {used.Last:u}): something still reads the old key";
            _journal.Note(record, "revocation held: " + held);
            await AuditAsync("rotation.revoke", record, false, held, cancellationToken).ConfigureAwait(false);
            throw new RotationException($"{held}. Make it reload {record.Secret}, then run: keyward keys rotate --resume (or add --ignore-usage to revoke anyway)");
        }

        if (usage is null)
        {
            progress?.Report($"{record.Id}: could not read Instantly's audit log to check that key {record.OldKeyId} is unused (the admin key needs audit_logs:read); revoking after the grace period alone");
        }

        await _keys.DeleteIfPresentAsync(record.OldKeyId, cancellationToken).ConfigureAwait(false);
        record = _journal.Advance(record with { Step = RotationStep.Revoked }, $"revoked the old key {record.OldKeyId}");
        await AuditAsync("rotation.revoke", record, true, null, cancellationToken).ConfigureAwait(false);
        return record;
    }

    private async Task<RotationRecord> FinishAsync(RotationRecord record, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        RotationFaultPoints.Reach("revoked");
        await RevokeOrphansAsync(record, progress, cancellationToken).ConfigureAwait(false);
        record = _journal.Advance(record with { Step = RotationStep.Done }, "done; the new key's value is erased from the journal");
        await AuditAsync("rotation.done", record, true, null, cancellationToken).ConfigureAwait(false);
        return record;
    }

    /// <summary>Finds the version of the secret that already holds the new key as pending (or current), so a
    /// resumed store step does not write it twice.</summary>
    private static async Task<string?> PendingVersionAsync(SecretReference secret, ISecretStore store, SecretValue key, CancellationToken cancellationToken)
    {
        foreach (var version in await store.GetVersionsAsync(secret, cancellationToken).ConfigureAwait(false))
        {
            foreach (var label in version.Labels.Where(l => l is SecretLabels.Pending or SecretLabels.Current))
            {
                if ((await store.GetAsync(secret, label, cancellationToken).ConfigureAwait(false)).Reveal() == key.Reveal())
                {
                    return version.VersionId;
                }
            }
        }

        return null;
    }

    private async Task RevokeOrphansAsync(RotationRecord record, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var tag = Tag(record.Id);
        foreach (var orphan in (await _keys.ListAsync(cancellationToken).ConfigureAwait(false)).Where(k => k.Name.Contains(tag, StringComparison.Ordinal) && k.Id != record.NewKeyId))
        {
            await _keys.DeleteIfPresentAsync(orphan.Id, cancellationToken).ConfigureAwait(false);
            _journal.Note(record, $"revoked orphan key {orphan.Id}: created by this rotation in a run that died before its value was saved");
            await AuditAsync("rotation.orphan-revoke", record with { NewKeyId = orphan.Id }, true, null, cancellationToken).ConfigureAwait(false);
            progress?.Report($"{record.Id}: revoked orphan key {orphan.Id} left by an interrupted run");
        }
    }

    /// <summary>Counts calls Instantly logged with the old key since the promotion; null when the log cannot be read.</summary>
    private async Task<(int Count, DateTimeOffset Last)?> OldKeyUsageAsync(RotationRecord record, CancellationToken cancellationToken)
    {
        var since = record.PromotedAt!.Value;
        var count = 0;
        var last = DateTimeOffset.MinValue;
        try
        {
            await foreach (var entry in InstantlyClient.ReadAllAsync((cursor, ct) => _keys.Admin.ListAuditLogsAsync(new AuditLogQuery(Limit: 1000, StartingAfter: cursor, StartDate: since), ct), cancellationToken).ConfigureAwait(false))
            {
                if (entry.ApiKeyId == record.OldKeyId && entry.Timestamp >= since)
                {
                    count++;
                    last = entry.Timestamp > last ? entry.Timestamp : last;
                }
            }
        }
        catch (ScopeDeniedException)
        {
            return null;
        }

        return (count, last);
    }

    private ValueTask AuditAsync(string action, RotationRecord record, bool succeeded, string? reason, CancellationToken cancellationToken) =>
        _audit.WriteAsync(
            new AuditRecord(
                _time.GetUtcNow(),
                _actor,
                action,
                $"instantly key {record.OldKeyId} at {record.Secret}",
                succeeded,
                reason,
                new Dictionary<string, string>
                {
                    ["rotation"] = record.Id,
                    ["step"] = record.Step.ToString(),
                    ["old_key"] = record.OldKeyId,
                    ["new_key"] = record.NewKeyId ?? string.Empty,
                    ["scopes"] = record.Scopes,
                }),
            cancellationToken);

    private static string Describe(RotationRecord record) => record.Step switch
    {
        RotationStep.Creating => "asking Instantly for the new key",
        RotationStep.Created => $"created key {record.NewKeyId} ({record.NewKeyName})",
        RotationStep.Stored => $"stored it as pending version {record.PendingVersion}",
        RotationStep.Tested => "tested: the new key works with every scope it was given",
        RotationStep.Promoted => $"promoted: {record.Secret} now holds key {record.NewKeyId}",
        RotationStep.Revoked => $"revoked the old key {record.OldKeyId}",
        RotationStep.Done => "done",
        _ => record.Step.ToString(),
    };

    [GeneratedRegex(@"\s*\[keyward kwrot-[0-9a-f]+\]")]
    private static partial Regex TagPattern();
}
