using Keyward.Core;
using Keyward.Core.Scopes;

namespace Keyward.Providers.Instantly;

/// <summary>Rates the risk of holding an Instantly scope.</summary>
/// <remarks>
/// <para>The baseline: <c>all:all</c> is critical; <c>:all</c> or <c>:delete</c> on <c>api_keys</c>,
/// <c>workspace_members</c>, <c>workspaces</c> or <c>accounts</c> is high; other writes are medium; reads are
/// low.</para>
/// <para>Two refinements a security team expects: writes that grant privileges (minting keys, inviting or
/// promoting members, changing the workspace owner) are high, because they lead to <c>all:all</c>; and reads that
/// return secrets (webhook auth headers, mailbox passwords) are medium. A wildcard <c>all:a</c> is as risky as
/// the riskiest scope it covers.</para>
/// </remarks>
public static class InstantlyScopeRisk
{
    private static readonly HashSet<string> SensitiveResources =
        new(["api_keys", "workspace_members", "workspaces", "accounts"], StringComparer.Ordinal);

    private static readonly Dictionary<Scope, string> Escalations = new()
    {
        [Scope.Parse("api_keys:create")] = "can mint new API keys with any scope, including all:all",
        [Scope.Parse("workspace_members:create")] = "can invite members with the admin role",
        [Scope.Parse("workspace_members:update")] = "can promote members to admin",
        [Scope.Parse("workspaces:update")] = "can change the workspace owner and its white-label domain",
    };

    private static readonly Dictionary<Scope, string> SecretReads = new()
    {
        [Scope.Parse("webhooks:read")] = "returns webhook headers, which hold receivers' shared secrets",
        [Scope.Parse("dfy_email_account_orders:read")] = "can list ordered mailboxes with their passwords",
        [Scope.Parse("api_keys:read")] = "lists every key's name and scopes; whether it returns key values is undocumented",
    };

    /// <summary>Rates one scope.</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>The level and the reason.</returns>
    public static ScopeRisk Assess(Scope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope == Scope.Everything)
        {
            return new ScopeRisk(scope, Severity.Critical, "grants every action on every resource, including minting keys and removing the workspace");
        }

        if (scope.IsAnyResource)
        {
            // all:a is as risky as the riskiest X:a it covers.
            var worst = InstantlyScopes.Vocabulary.Scopes
                .Where(s => !s.IsWildcard && s.Action == scope.Action)
                .Select(Assess)
                .MaxBy(r => r.Level)!;
            return new ScopeRisk(scope, worst.Level, $"grants {Verb(scope.Action)} on every resource; for example {worst.Scope} {worst.Reason}");
        }

        if (SensitiveResources.Contains(scope.Resource) && scope.Action is ScopeAction.All or ScopeAction.Delete)
        {
            return new ScopeRisk(scope, Severity.High, $"grants {Verb(scope.Action)} on {scope.Resource}, which controls access to the workspace");
        }

        if (Escalations.TryGetValue(scope, out var escalation))
        {
            return new ScopeRisk(scope, Severity.High, escalation);
        }

        if (scope.Action == ScopeAction.All)
        {
            var read = Scope.Create(scope.Resource, ScopeAction.Read);
            var secret = SecretReads.TryGetValue(read, out var why) ? $"; reading it {why}" : string.Empty;
            return new ScopeRisk(scope, Severity.Medium, $"grants every action on {scope.Resource}, including delete{secret}");
        }

        if (SecretReads.TryGetValue(scope, out var secretRead))
        {
            return new ScopeRisk(scope, Severity.Medium, secretRead);
        }

        return scope.AllowsWrites
            ? new ScopeRisk(scope, Severity.Medium, $"can {Verb(scope.Action)} {scope.Resource}")
            : new ScopeRisk(scope, Severity.Low, $"read-only access to {scope.Resource}");
    }

    private static string Verb(ScopeAction action) => action switch
    {
        ScopeAction.All => "every action",
        ScopeAction.Create => "create",
        ScopeAction.Read => "read",
        ScopeAction.Update => "update",
        ScopeAction.Delete => "delete",
        _ => action.ToString(),
    };
}
