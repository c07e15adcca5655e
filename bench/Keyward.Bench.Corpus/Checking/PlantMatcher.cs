namespace Keyward.Bench.Corpus.Checking;

/// <summary>Matches findings to plants by secret value.</summary>
/// <remarks>
/// A finding matches a plant when its secret equals the plant's, contains it, or is contained in it (at least
/// <see cref="MinimumPartial"/> characters, so a short fragment cannot match by accident). A plant counts as found
/// when a matching finding is in the plant's file, or anywhere if no other plant has the same secret (a reused rule
/// sample can be planted in several files, and then each file must be found).
/// </remarks>
internal static class PlantMatcher
{
    public const int MinimumPartial = 8;

    public static bool SecretMatches(string reported, string planted) =>
        reported == planted
        || reported.Contains(planted, StringComparison.Ordinal)
        || (reported.Length >= MinimumPartial && planted.Contains(reported, StringComparison.Ordinal));

    public static bool PathMatches(string reported, string planted)
    {
        var normalized = reported.Replace('\\', '/');
        return normalized == planted || normalized.EndsWith("/" + planted, StringComparison.Ordinal);
    }

    public static bool Matches(ToolFinding finding, PlantRecord plant) => finding.Secrets.Any(s => SecretMatches(s, plant.Secret));

    public static bool Finds(IEnumerable<ToolFinding> findings, PlantRecord plant, bool uniqueSecret) =>
        findings.Any(f => Matches(f, plant) && (uniqueSecret || PathMatches(f.Path, plant.Path)));
}
