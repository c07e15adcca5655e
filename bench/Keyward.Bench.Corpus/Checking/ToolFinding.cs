namespace Keyward.Bench.Corpus.Checking;

/// <summary>One finding of any tool, reduced to what matching needs.</summary>
/// <param name="RuleId">The tool's own rule or detector name.</param>
/// <param name="Path">The file as the tool reports it.</param>
/// <param name="Secrets">The secret values the tool reports (trufflehog has Raw and RawV2); empty for hygiene findings.</param>
/// <param name="Commit">The commit the tool attributes the finding to, in history scans.</param>
internal sealed record ToolFinding(string RuleId, string Path, IReadOnlyList<string> Secrets, string? Commit);
