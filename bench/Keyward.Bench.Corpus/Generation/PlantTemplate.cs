namespace Keyward.Bench.Corpus.Generation;

/// <summary>A line that the rule flags and the secret it reports there.</summary>
internal sealed record PlantTemplate(string Line, string Secret, bool Generated);
