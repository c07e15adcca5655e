namespace Keyward.Posture;

/// <summary>One API key as the report's charts show it: its age and how risky its scopes are.</summary>
/// <param name="Name">The key's name.</param>
/// <param name="Id">The key's id.</param>
/// <param name="AgeDays">Days since it was created, or null when unknown.</param>
/// <param name="Scopes">How many scopes it holds.</param>
/// <param name="UnusedScopes">How many of them its calls did not need (KW005), or null when unknown.</param>
/// <param name="Risk">The highest risk among its scopes: info, low, medium, high or critical.</param>
public sealed record KeyFacts(string Name, string Id, int? AgeDays, int Scopes, int? UnusedScopes, Keyward.Core.Severity Risk);
