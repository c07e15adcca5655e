namespace Keyward.Bench.Corpus;

/// <summary>One entry of plants.json, the ground truth the checker compares reports with.</summary>
/// <param name="RuleId">The keyward rule the secret was shaped for.</param>
/// <param name="Path">The file, relative to the repository root.</param>
/// <param name="Secret">The secret as a scanner should report it (decoded for base64 plants).</param>
/// <param name="InHead">Whether the secret is in the checkout of HEAD (main).</param>
/// <param name="Commit">The commit that introduced it.</param>
/// <param name="Encoding">Null, or "base64" when the secret sits encoded inside a config value.</param>
internal sealed record PlantRecord(string RuleId, string Path, string Secret, bool InHead, string? Commit, string? Encoding);
