using Keyward.Core.Scopes;

namespace Keyward.Providers.Instantly;

/// <summary>The scopes Instantly API v2 keys can hold.</summary>
/// <remarks>
/// The resource list is the <c>APIKey.scopes</c> enum of the OpenAPI specification (Instantly API v2 reference,
/// section 2.1): 36 resources including <c>all</c>, every one with all five actions except
/// <c>email_verifications</c> (all, create, read). Additions that the enum lacks are in
/// <see cref="InstantlyScopeAssumptions"/>.
/// </remarks>
public static class InstantlyScopes
{
    private static readonly string[] SpecifiedResources =
    [
        "ai_agents", "api_keys", "audit_logs", "custom_prompt_templates", "account_campaign_mappings", "campaigns",
        "inbox_placement_tests", "inbox_placement_analytics", "inbox_placement_reports", "lead_lists", "leads",
        "background-jobs", "custom_tags", "custom_tag_mappings", "crm_actions", "accounts", "block_list_entries",
        "lead-labels", "email_verifications", "emails", "email_templates", "workspaces", "workspace_billing",
        "workspace_group_members", "workspace_members", "subsequences", "ai_sdr", "ai_sdr_replies",
        "ai_inbox_manager_analytics", "sales_flows", "webhooks", "webhook_events", "security_tokens",
        "dfy_email_account_orders", "auth",
    ];

    private static readonly ScopeAction[] EveryAction =
        [ScopeAction.All, ScopeAction.Create, ScopeAction.Read, ScopeAction.Update, ScopeAction.Delete];

    /// <summary>Gets the vocabulary to validate Instantly scopes typed by people, with suggestions for typos.</summary>
    public static ScopeVocabulary Vocabulary { get; } = BuildVocabulary();

    private static ScopeVocabulary BuildVocabulary()
    {
        var actions = new Dictionary<string, IReadOnlyList<ScopeAction>>(StringComparer.Ordinal);
        foreach (var resource in SpecifiedResources.Concat(InstantlyScopeAssumptions.ResourcesMissingFromSpecEnum))
        {
            actions[resource] = EveryAction;
        }

        actions["email_verifications"] = [ScopeAction.All, ScopeAction.Create, ScopeAction.Read];
        return new ScopeVocabulary("Instantly", actions);
    }
}
