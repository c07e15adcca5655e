namespace Keyward.Scanning.Rules;

/// <summary>Lines a rule must flag and lines it must not; one test runs them for every rule.</summary>
/// <param name="Positive">Lines that must produce a finding of the rule.</param>
/// <param name="Negative">Lines that must not.</param>
public sealed record RuleSamples(IReadOnlyList<string> Positive, IReadOnlyList<string> Negative);
