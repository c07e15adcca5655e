namespace Keyward.Bench.Corpus.Generation;

/// <summary>One planted fake secret while the history is written.</summary>
internal sealed class Plant(string ruleId, string secret, string text, PlantScenario scenario, bool generated)
{
    public string RuleId { get; } = ruleId;

    /// <summary>Gets the secret as keyward reports it (decoded for base64 plants).</summary>
    public string Secret { get; } = secret;

    /// <summary>Gets the text written into the file (one or more lines).</summary>
    public string Text { get; } = text;

    public PlantScenario Scenario { get; } = scenario;

    /// <summary>Gets a value indicating whether the secret is fresh (false: a rule sample reused as is).</summary>
    public bool Generated { get; } = generated;

    public string? Encoding => Scenario is PlantScenario.Base64Head or PlantScenario.Base64History ? "base64" : null;

    public string Path { get; set; } = string.Empty;

    /// <summary>Gets or sets the mark of the commit that introduced the plant (0 until written).</summary>
    public int CommitMark { get; set; }

    public bool InHead { get; set; }
}
