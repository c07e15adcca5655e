namespace Keyward.Providers.Instantly;

/// <summary>A common integration, defined by the operations it calls; its scopes are computed, never typed.</summary>
/// <param name="Name">The kebab-case name used on the command line, for example <c>crm-sync</c>.</param>
/// <param name="Description">What the integration does.</param>
/// <param name="Operations">The operations it calls.</param>
public sealed record ScopePreset(string Name, string Description, IReadOnlyList<InstantlyOperation> Operations);
