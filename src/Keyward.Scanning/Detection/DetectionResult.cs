namespace Keyward.Scanning.Detection;

/// <summary>What <see cref="Detector"/> found in one fragment.</summary>
/// <param name="Findings">The findings, in position order.</param>
/// <param name="InlineAllowed">How many matches a <c>keyward:allow</c> comment on their line suppressed.</param>
/// <param name="Warnings">Problems that did not stop the scan, such as a regex that timed out.</param>
public sealed record DetectionResult(IReadOnlyList<Finding> Findings, int InlineAllowed, IReadOnlyList<string> Warnings)
{
    /// <summary>Gets an empty result.</summary>
    public static DetectionResult Empty { get; } = new([], 0, []);
}
