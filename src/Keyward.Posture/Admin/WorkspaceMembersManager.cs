using Keyward.Core.Auditing;
using Keyward.Providers.Instantly.Client;
using Keyward.Providers.Instantly.Client.Models;

namespace Keyward.Posture.Admin;

/// <summary>Reviews and trims who can use the workspace: <c>keyward members list|remove</c>, and the fix the
/// workspace-members check (KW009) proposes. Every member of an Instantly workspace sees every lead, mailbox and
/// reply, and owners and admins also manage members, keys and billing, so the list should be short, privileged roles
/// few, and every address from the team's own domains.</summary>
/// <remarks>
/// <para>Removal is planned first (<see cref="PlanRemovalAsync"/>), shown to the user, then applied
/// (<see cref="RemoveAsync(MemberRemoval, CancellationToken)"/>); a dry run stops after the plan and neither changes
/// nor audits anything. An owner is never removed: only the workspace creator is owner and the API cannot make
/// another (reference 4.6), so removing one, above all the only one, could not be undone.</para>
/// <para>Each removal writes one <c>member.remove</c> audit record after Instantly confirmed it; the client audits
/// the API call itself as well. Thread-safe.</para>
/// </remarks>
public sealed class WorkspaceMembersManager
{
    private readonly InstantlyClient _admin;
    private readonly IAuditSink _audit;
    private readonly string _actor;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="WorkspaceMembersManager"/> class.</summary>
    /// <param name="admin">A client whose key has <c>workspace_members:read</c> (list) and
    /// <c>workspace_members:delete</c> (remove).</param>
    /// <param name="audit">Receives one record per change.</param>
    /// <param name="actor">Who acts, for the audit log.</param>
    /// <param name="time">The clock; default the system clock.</param>
    public WorkspaceMembersManager(InstantlyClient admin, IAuditSink audit, string actor, TimeProvider? time = null)
    {
        _admin = admin ?? throw new ArgumentNullException(nameof(admin));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _actor = actor ?? throw new ArgumentNullException(nameof(actor));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Whether a member is an owner of the workspace.</summary>
    /// <param name="member">The member.</param>
    /// <returns>True for the <c>owner</c> role.</returns>
    public static bool IsOwner(WorkspaceMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return HasRole(member, "owner");
    }

    /// <summary>Whether a member is an owner or an admin, the roles that manage members, keys and billing.</summary>
    /// <param name="member">The member.</param>
    /// <returns>True for <c>owner</c> and <c>admin</c>.</returns>
    public static bool IsPrivileged(WorkspaceMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return HasRole(member, "owner") || HasRole(member, "admin");
    }

    /// <summary>Normalises a list of allowed email domains (trimmed, lower-case).</summary>
    /// <param name="domains">Domains such as <c>sandbox.example</c>.</param>
    /// <returns>The normalised domains, without repeats.</returns>
    /// <exception cref="WorkspaceAdminException">A value is not a domain.</exception>
    public static IReadOnlyList<string> NormalizeDomains(IEnumerable<string> domains)
    {
        ArgumentNullException.ThrowIfNull(domains);
        var normalized = new List<string>();
        foreach (var value in domains)
        {
            if (!MailNames.TryNormalizeDomain(value ?? string.Empty, out var domain))
            {
                throw new WorkspaceAdminException($"'{value}' is not a domain such as example.com; allowed domains are the part after the @ of your team's addresses");
            }

            if (!normalized.Contains(domain))
            {
                normalized.Add(domain);
            }
        }

        return normalized;
    }

    /// <summary>Finds what to review about a member.</summary>
    /// <param name="member">The member.</param>
    /// <param name="allowedDomains">Normalised allowed email domains (<see cref="NormalizeDomains"/>); a subdomain
    /// of one is allowed too. Empty or null: domains are not checked.</param>
    /// <returns>The findings; empty when there is nothing to review.</returns>
    public static IReadOnlyList<MemberFinding> Assess(WorkspaceMember member, IReadOnlyCollection<string>? allowedDomains)
    {
        ArgumentNullException.ThrowIfNull(member);
        var findings = new List<MemberFinding>();
        if (allowedDomains is { Count: > 0 })
        {
            var domain = MailNames.DomainOf(member.Email);
            if (!allowedDomains.Any(allowed => MailNames.IsWithin(domain, allowed)))
            {
                findings.Add(MemberFinding.OutsideAllowedDomains);
            }
        }

        return findings;
    }

    /// <summary>Lists every member, all pages, with what to review about each.</summary>
    /// <param name="allowedDomains">The team's email domains; members from any other are flagged. Null or empty:
    /// domains are not checked.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The members, in Instantly's order.</returns>
    /// <exception cref="WorkspaceAdminException">An allowed domain is not a domain.</exception>
    public async Task<IReadOnlyList<MemberReport>> ListAsync(IEnumerable<string>? allowedDomains = null, CancellationToken cancellationToken = default)
    {
        var allowed = NormalizeDomains(allowedDomains ?? []);
        var members = await ReadMembersAsync(cancellationToken).ConfigureAwait(false);
        return [.. members.Select(m => new MemberReport(m, Assess(m, allowed)))];
    }

    /// <summary>Finds the member to remove and checks that they may be: changes nothing.</summary>
    /// <param name="idOrEmail">The member's id, or their email address (any case).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The planned removal, to show and confirm before <see cref="RemoveAsync(MemberRemoval, CancellationToken)"/>.</returns>
    /// <exception cref="WorkspaceAdminException">No member, or more than one, matches; or the member is an owner.</exception>
    public async Task<MemberRemoval> PlanRemovalAsync(string idOrEmail, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrEmail);
        var wanted = idOrEmail.Trim();
        var members = await ReadMembersAsync(cancellationToken).ConfigureAwait(false);
        var matches = members.Where(m => string.Equals(m.Id, wanted, StringComparison.Ordinal)).ToList();
        if (matches.Count == 0)
        {
            var email = MailNames.Clean(wanted);
            matches = [.. members.Where(m => MailNames.Clean(m.Email) == email)];
        }

        if (matches.Count == 0)
        {
            throw new WorkspaceAdminException($"no workspace member has the id or email '{wanted}'; 'keyward members list' shows them");
        }

        if (matches.Count > 1)
        {
            throw new WorkspaceAdminException($"'{wanted}' matches {matches.Count} workspace members; remove one by its id ('keyward members list' shows them)");
        }

        var member = matches[0];
        if (IsOwner(member))
        {
            var owners = members.Count(IsOwner);
            throw new WorkspaceAdminException(
                $"{member.Email} is {(owners == 1 ? "the workspace's only owner" : "an owner of the workspace")}; keyward never removes an owner: "
                + "only the workspace creator is owner and the API cannot make another, so a removed owner could not be put back. "
                + "Transfer ownership in Instantly first (workspace settings, or POST /api/v2/workspaces/current/change-owner), then remove the former owner");
        }

        return new MemberRemoval(member);
    }

    /// <summary>Removes a planned member from the workspace, and audits it as <c>member.remove</c>.</summary>
    /// <param name="removal">The plan from <see cref="PlanRemovalAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Instantly confirmed and the record is stored.</returns>
    public async Task RemoveAsync(MemberRemoval removal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(removal);
        var member = removal.Member;
        await _admin.DeleteWorkspaceMemberAsync(member.Id, cancellationToken).ConfigureAwait(false);
        await _audit.WriteAsync(
            new AuditRecord(
                _time.GetUtcNow(), _actor, "member.remove", $"instantly workspace member {member.Id}", true, null,
                new Dictionary<string, string> { ["email"] = member.Email, ["role"] = member.Role }),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Plans a removal and, unless <paramref name="dryRun"/>, applies it: for callers with nobody to ask.</summary>
    /// <param name="idOrEmail">The member's id or email address.</param>
    /// <param name="dryRun">Only plan: change nothing, audit nothing.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The removal, planned or done.</returns>
    /// <exception cref="WorkspaceAdminException">See <see cref="PlanRemovalAsync"/>.</exception>
    public async Task<MemberRemoval> RemoveAsync(string idOrEmail, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        var removal = await PlanRemovalAsync(idOrEmail, cancellationToken).ConfigureAwait(false);
        if (!dryRun)
        {
            await RemoveAsync(removal, cancellationToken).ConfigureAwait(false);
        }

        return removal;
    }

    private static bool HasRole(WorkspaceMember member, string role) =>
        string.Equals(member.Role?.Trim(), role, StringComparison.OrdinalIgnoreCase);

    private async Task<List<WorkspaceMember>> ReadMembersAsync(CancellationToken cancellationToken)
    {
        var members = new List<WorkspaceMember>();
        await foreach (var member in InstantlyClient.ReadAllAsync((cursor, ct) => _admin.ListWorkspaceMembersAsync(100, cursor, ct), cancellationToken).ConfigureAwait(false))
        {
            members.Add(member);
        }

        return members;
    }
}
