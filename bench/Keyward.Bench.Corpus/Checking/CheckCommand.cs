using System.Globalization;
using System.Text.Json;

namespace Keyward.Bench.Corpus.Checking;

/// <summary><c>keyward-corpus check</c>: compares a tool's report with plants.json.</summary>
internal static class CheckCommand
{
    private const int ListLimit = 20;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static int Run(string plantsPath, string reportPath, string tool, string mode, TextWriter output)
    {
        if (mode is not ("git" or "dir"))
        {
            throw new UsageException($"--mode must be git or dir, not '{mode}'");
        }

        var plants = JsonSerializer.Deserialize<PlantRecord[]>(File.ReadAllText(plantsPath), JsonOptions)
            ?? throw new InvalidDataException($"{plantsPath} holds no plants");
        var findings = ReportReader.Read(tool, reportPath, output);
        var expected = plants.Where(p => mode == "git" || p.InHead).ToArray();
        var secretCounts = expected.GroupBy(p => p.Secret, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var missed = expected.Where(p => !PlantMatcher.Finds(findings, p, secretCounts[p.Secret] == 1)).ToArray();
        var falsePositives = findings.Where(f => !plants.Any(p => PlantMatcher.Matches(f, p))).ToArray();
        var distinct = falsePositives.Select(f => f.RuleId + "\0" + string.Join("\0", f.Secrets)).Distinct(StringComparer.Ordinal).Count();

        output.WriteLine($"{tool} ({mode}): {findings.Count} findings in {reportPath}");
        output.WriteLine(Invariant($"  plants expected {expected.Length}, found {expected.Length - missed.Length}, missed {missed.Length}"));
        if (missed.Length > 0)
        {
            output.WriteLine("  missed rule ids: " + string.Join(", ", missed.GroupBy(p => p.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Count() == 1 ? g.Key : Invariant($"{g.Key} x{g.Count()}"))));
            foreach (var plant in missed)
            {
                var where = plant.InHead ? "HEAD" : "history/branch";
                output.WriteLine($"    missed {plant.RuleId} in {plant.Path} ({where}{(plant.Encoding is null ? string.Empty : ", " + plant.Encoding)}) at {plant.Commit?[..12]}");
            }
        }

        // History scans name a commit: how many found plants does the tool pin on the commit that introduced them?
        var attributed = expected.Except(missed)
            .Select(p => findings.Where(f => f.Commit is not null && PlantMatcher.Matches(f, p) && PlantMatcher.PathMatches(f.Path, p.Path)).ToArray())
            .Where(f => f.Length > 0)
            .ToArray();
        if (attributed.Length > 0)
        {
            var introducing = expected.Except(missed)
                .Count(p => findings.Any(f => f.Commit == p.Commit && PlantMatcher.Matches(f, p) && PlantMatcher.PathMatches(f.Path, p.Path)));
            output.WriteLine(Invariant($"  commit attribution: {introducing} of {attributed.Length} found plants reported at the commit that introduced them"));
        }

        output.WriteLine(Invariant($"  false positives (findings matching no plant): {falsePositives.Length} ({distinct} distinct rule+secret)"));
        foreach (var group in falsePositives.GroupBy(f => f.RuleId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine(Invariant($"    {group.Key}: {group.Count()}"));
        }

        foreach (var finding in falsePositives.Take(ListLimit))
        {
            var secret = finding.Secrets.Count == 0 ? "(no secret)" : Preview(finding.Secrets[0]);
            output.WriteLine($"    {finding.RuleId} {finding.Path} {secret}");
        }

        // One stable line for scripts.
        output.WriteLine(Invariant($"summary tool={tool} mode={mode} expected={expected.Length} found={expected.Length - missed.Length} missed={missed.Length} false-positives={falsePositives.Length} distinct-false-positives={distinct}"));
        return missed.Length == 0 && falsePositives.Length == 0 ? 0 : 1;
    }

    // Lookalikes are not secrets, but keep lines short: the first 24 characters and the length.
    private static string Preview(string secret) =>
        secret.Length <= 24 ? secret : Invariant($"{secret[..24]}...({secret.Length} chars)");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
