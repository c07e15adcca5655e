using Keyward.Core;
using Keyward.Posture.Admin;

namespace Keyward.Posture.Checks;

/// <summary>KW009: owners and admins within the policy's number, and members only from expected email domains.</summary>
public sealed class WorkspaceMembersCheck : IPostureCheck
{
    /// <inheritdoc/>
    public string Id => "KW009";

    /// <inheritdoc/>
    public string Title => "Workspace members hold minimum roles and come from expected domains";

    /// <inheritdoc/>
    public Severity Severity => Severity.Medium;

    /// <inheritdoc/>
    public Task<CheckResult> RunAsync(PostureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Workspace is not { } workspace)
        {
            return Task.FromResult(CheckResult.Skip(this, context.NoWorkspaceReason));
        }

        if (workspace.Members.Value is not { } members)
        {
            return Task.FromResult(CheckResult.Skip(this, workspace.Members.Missing!));
        }

        var domains = ExpectedDomains(context, workspace);
        var evidence = new List<string>();
        var fixes = new List<string>();
        var admins = members.Where(m => m.Role is "owner" or "admin").ToArray();
        if (admins.Length > context.Policy.MaxAdmins)
        {
            evidence.Add($"{admins.Length} owners and admins ({string.Join(", ", admins.Select(m => $"{m.Email} {m.Role}"))}); the policy allows {context.Policy.MaxAdmins}");
            fixes.Add("give the admins who do not administer the workspace a lesser role in Instantly's settings, or remove them (keyward members remove EMAIL)");
        }

        foreach (var stranger in members.Where(m => domains.Count > 0 && !domains.Any(d => MailNames.IsWithin(MailNames.DomainOf(m.Email), d))))
        {
            evidence.Add($"{stranger.Email} ({stranger.Role}) is not from {string.Join(" or ", domains.Order(StringComparer.Ordinal))}");
            fixes.Add($"keyward members remove {stranger.Email}");
        }

        return Task.FromResult(evidence.Count == 0
            ? CheckResult.Passed(this, $"{Plural.Of(members.Count, "member")}, {admins.Length} owners or admins, all from {string.Join(", ", domains.Order(StringComparer.Ordinal))}")
            : CheckResult.Failed(this, Plural.Of(evidence.Count, "member problem"), evidence, string.Join("; ", fixes.Distinct(StringComparer.Ordinal))));
    }

    /// <summary>The policy's domains, else the workspace's own: its client domain and its owners' email domains.</summary>
    private static HashSet<string> ExpectedDomains(PostureContext context, WorkspaceSnapshot workspace)
    {
        if (context.Policy.MemberDomains.Count > 0)
        {
            return context.Policy.MemberDomains.Select(MailNames.Clean).ToHashSet(StringComparer.Ordinal);
        }

        return OwnDomains(workspace);
    }

    /// <summary>The workspace's own domains: its client domain and its owners' email domains.</summary>
    internal static HashSet<string> OwnDomains(WorkspaceSnapshot workspace)
    {
        var own = (workspace.Members.Value ?? []).Where(m => m.Role == "owner").Select(m => MailNames.DomainOf(m.Email)).ToHashSet(StringComparer.Ordinal);
        if (workspace.Workspace.Value?.OrgClientDomain is { Length: > 0 } client)
        {
            own.Add(MailNames.Clean(client));
        }

        return own;
    }
}
