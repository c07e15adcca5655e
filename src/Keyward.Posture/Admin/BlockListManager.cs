using Keyward.Core.Auditing;
using Keyward.Providers.Instantly.Client;
using Keyward.Providers.Instantly.Client.Models;

namespace Keyward.Posture.Admin;

/// <summary>Reads and extends the workspace's block list: <c>keyward blocklist list|add</c>, and the fix the
/// block-list check (KW010) proposes. Instantly never emails a blocked address or domain, so blocking the team's own
/// domains keeps a campaign from mailing colleagues, and blocking competitors keeps sequences out of their inboxes.</summary>
/// <remarks>
/// <para>Values are normalised (trimmed, lower-case, a leading <c>@</c> or trailing dot dropped) and must be a domain
/// such as <c>competitor.example</c> or an address such as <c>someone@competitor.example</c>; one bad value refuses the
/// whole request before anything is added, since a typo would otherwise block nothing without anyone noticing.</para>
/// <para>Adding is planned first (<see cref="PlanAddAsync"/>), which skips values already present; a dry run stops
/// there and neither changes nor audits anything. Each entry created writes one <c>blocklist.add</c> audit record.
/// Thread-safe.</para>
/// </remarks>
public sealed class BlockListManager
{
    private readonly InstantlyClient _admin;
    private readonly IAuditSink _audit;
    private readonly string _actor;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="BlockListManager"/> class.</summary>
    /// <param name="admin">A client whose key has <c>block_list_entries:read</c> (list) and
    /// <c>block_list_entries:create</c> (add).</param>
    /// <param name="audit">Receives one record per change.</param>
    /// <param name="actor">Who acts, for the audit log.</param>
    /// <param name="time">The clock; default the system clock.</param>
    public BlockListManager(InstantlyClient admin, IAuditSink audit, string actor, TimeProvider? time = null)
    {
        _admin = admin ?? throw new ArgumentNullException(nameof(admin));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _actor = actor ?? throw new ArgumentNullException(nameof(actor));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Normalises a block-list value and checks it is a domain or an email address.</summary>
    /// <param name="value">For example <c> Competitor.Example </c> or <c>@competitor.example</c>.</param>
    /// <param name="normalized">The value as it is stored, for example <c>competitor.example</c>.</param>
    /// <returns>True when the value is a domain or an email address.</returns>
    public static bool TryNormalize(string value, out string normalized)
    {
        ArgumentNullException.ThrowIfNull(value);
        var cleaned = MailNames.Clean(value);
        if (cleaned.StartsWith('@'))
        {
            // "@competitor.example" is how people write "everyone at competitor.example".
            return MailNames.TryNormalizeDomain(cleaned[1..], out normalized);
        }

        return cleaned.Contains('@', StringComparison.Ordinal)
            ? MailNames.TryNormalizeAddress(cleaned, out normalized)
            : MailNames.TryNormalizeDomain(cleaned, out normalized);
    }

    /// <summary>Lists every block-list entry, all pages.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The entries, in Instantly's order.</returns>
    public async Task<IReadOnlyList<BlockListEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        var entries = new List<BlockListEntry>();
        await foreach (var entry in InstantlyClient.ReadAllAsync((cursor, ct) => _admin.ListBlockListEntriesAsync(100, cursor, ct), cancellationToken).ConfigureAwait(false))
        {
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>Validates and normalises values, and finds which are new: changes nothing.</summary>
    /// <param name="values">Domains and email addresses.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The plan, to show and confirm before <see cref="AddAsync(BlockListPlan, CancellationToken)"/>.</returns>
    /// <exception cref="WorkspaceAdminException">No value was given, or a value is neither a domain nor an email
    /// address (the message lists every such value); the block list was not read.</exception>
    public async Task<BlockListPlan> PlanAddAsync(IEnumerable<string> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var wanted = new List<string>();
        var invalid = new List<string>();
        foreach (var value in values)
        {
            if (!TryNormalize(value ?? string.Empty, out var normalized))
            {
                invalid.Add($"'{value}'");
            }
            else if (!wanted.Contains(normalized))
            {
                wanted.Add(normalized);
            }
        }

        if (invalid.Count > 0)
        {
            throw new WorkspaceAdminException(
                $"{string.Join(", ", invalid)} {(invalid.Count == 1 ? "is" : "are")} neither a domain (such as competitor.example) nor an email address (such as someone@competitor.example); nothing was added");
        }

        if (wanted.Count == 0)
        {
            throw new WorkspaceAdminException("name at least one domain or email address to block");
        }

        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in await ListAsync(cancellationToken).ConfigureAwait(false))
        {
            present.Add(MailNames.Clean(entry.BlValue ?? string.Empty));
        }

        return new BlockListPlan([.. wanted.Where(v => !present.Contains(v))], [.. wanted.Where(present.Contains)]);
    }

    /// <summary>Adds a plan's new values, one entry each, and audits each as <c>blocklist.add</c>.</summary>
    /// <param name="plan">The plan from <see cref="PlanAddAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the work between entries.</param>
    /// <returns>The entries created.</returns>
    public async Task<IReadOnlyList<BlockListEntry>> AddAsync(BlockListPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var created = new List<BlockListEntry>();
        foreach (var value in plan.ToAdd)
        {
            var entry = await _admin.CreateBlockListEntryAsync(value, cancellationToken).ConfigureAwait(false);
            created.Add(entry);
            await _audit.WriteAsync(
                new AuditRecord(
                    _time.GetUtcNow(), _actor, "blocklist.add", $"instantly block list entry {entry.Id}", true, null,
                    new Dictionary<string, string> { ["value"] = value, ["kind"] = value.Contains('@', StringComparison.Ordinal) ? "email" : "domain" }),
                cancellationToken).ConfigureAwait(false);
        }

        return created;
    }

    /// <summary>Plans an addition and, unless <paramref name="dryRun"/>, applies it: for callers with nobody to ask.</summary>
    /// <param name="values">Domains and email addresses.</param>
    /// <param name="dryRun">Only plan: change nothing, audit nothing.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The plan, applied unless a dry run.</returns>
    /// <exception cref="WorkspaceAdminException">See <see cref="PlanAddAsync"/>.</exception>
    public async Task<BlockListPlan> AddAsync(IEnumerable<string> values, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        var plan = await PlanAddAsync(values, cancellationToken).ConfigureAwait(false);
        if (!dryRun)
        {
            await AddAsync(plan, cancellationToken).ConfigureAwait(false);
        }

        return plan;
    }
}
