using Keyward.Core.Text;

namespace Keyward.Providers.Instantly;

/// <summary>Scope presets for the integrations teams most often build on Instantly.</summary>
/// <remarks>
/// Each preset lists operations; <see cref="Planning.ScopePlanner"/> turns them into scopes through the catalog, so
/// a preset can never ask for a scope its operations do not need.
/// </remarks>
public static class InstantlyPresets
{
    private static readonly Definition[] Definitions = Define();

    private static readonly Lazy<IReadOnlyList<ScopePreset>> LazyAll = new(() =>
        Definitions.Select(d => new ScopePreset(d.Name, d.Description, d.Operations.Select(InstantlyOperationCatalog.Default.Resolve).ToArray())).ToArray());

    /// <summary>Gets every preset, sorted by name. The first call loads the operation catalog.</summary>
    public static IReadOnlyList<ScopePreset> All => LazyAll.Value;

    /// <summary>Gets the presets' names, sorted, without loading the operation catalog; cheap enough for a command
    /// line's help text, which every command builds at start-up.</summary>
    public static IReadOnlyList<string> Names { get; } = Definitions.Select(d => d.Name).ToArray();

    /// <summary>Finds a preset by name.</summary>
    /// <param name="name">For example <c>analytics-dashboard</c>.</param>
    /// <returns>The preset.</returns>
    /// <exception cref="PresetNotFoundException">No preset has that name; the message lists the closest and all names.</exception>
    public static ScopePreset Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var preset = All.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
        if (preset is not null)
        {
            return preset;
        }

        var closest = All.MinBy(p => EditDistance.Compute(p.Name, name.Trim().ToLowerInvariant()))!;
        var names = string.Join(", ", All.Select(p => p.Name));
        throw new PresetNotFoundException($"there is no preset '{name}'; did you mean {closest.Name}? Presets: {names}");
    }

    private static Definition[] Define()
    {
        static Definition Preset(string name, string description, params string[] operations) => new(name, description, operations);

        return new[]
        {
            Preset(
                "analytics-dashboard",
                "Read-only dashboard of campaigns, their analytics and sending accounts.",
                "GET /api/v2/campaigns",
                "GET /api/v2/campaigns/analytics",
                "GET /api/v2/campaigns/analytics/overview",
                "GET /api/v2/campaigns/analytics/daily",
                "GET /api/v2/campaigns/analytics/steps",
                "GET /api/v2/accounts",
                "GET /api/v2/accounts/analytics/daily"),
            Preset(
                "lead-import",
                "Pipeline that creates lead lists and pushes leads into lists or campaigns.",
                "GET /api/v2/lead-lists",
                "POST /api/v2/lead-lists",
                "POST /api/v2/leads",
                "POST /api/v2/leads/add",
                "POST /api/v2/leads/list",
                "GET /api/v2/campaigns"),
            Preset(
                "campaign-launcher",
                "Tool that builds campaigns, attaches leads and starts or pauses sending.",
                "GET /api/v2/accounts",
                "POST /api/v2/campaigns",
                "GET /api/v2/campaigns/{id}",
                "PATCH /api/v2/campaigns/{id}",
                "POST /api/v2/campaigns/{id}/activate",
                "POST /api/v2/campaigns/{id}/pause",
                "GET /api/v2/campaigns/{id}/sending-status",
                "POST /api/v2/leads/add"),
            Preset(
                "webhook-handler",
                "Receiver of Instantly webhooks that looks up the lead, campaign and email an event refers to.",
                "GET /api/v2/leads/{id}",
                "POST /api/v2/leads/list",
                "GET /api/v2/campaigns/{id}",
                "GET /api/v2/emails/{id}"),
            Preset(
                "crm-sync",
                "Two-way sync of leads, interest status and replies between Instantly and a CRM.",
                "GET /api/v2/campaigns",
                "GET /api/v2/lead-lists",
                "POST /api/v2/leads/list",
                "GET /api/v2/leads/{id}",
                "POST /api/v2/leads",
                "PATCH /api/v2/leads/{id}",
                "POST /api/v2/leads/update-interest-status",
                "GET /api/v2/emails"),
            Preset(
                "key-rotation",
                "What 'keyward keys rotate' calls: read the old key, create the new one, verify it, revoke the old one.",
                "GET /api/v2/api-keys",
                "POST /api/v2/api-keys",
                "DELETE /api/v2/api-keys/{id}",
                "GET /api/v2/workspaces/current"),
            Preset(
                "posture-audit",
                "What 'keyward check' reads: keys, webhooks, members, block list, audit logs, workspace. Read-only.",
                "GET /api/v2/workspaces/current",
                "GET /api/v2/api-keys",
                "GET /api/v2/webhooks",
                "GET /api/v2/workspace-members",
                "GET /api/v2/block-lists-entries",
                "GET /api/v2/audit-logs"),
        }.OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();
    }

    private sealed record Definition(string Name, string Description, string[] Operations);
}
