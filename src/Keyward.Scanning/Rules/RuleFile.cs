namespace Keyward.Scanning.Rules;

/// <summary>A rules file as written (Rules/rules.yaml or a <c>--rules</c> file), before <c>RuleSet</c> validates it.</summary>
/// <remarks>Filled by <see cref="RuleFileReader"/>, and by the build-time generated <c>BuiltInRules</c>, which
/// eng/RuleRegexGenerator writes from what that reader read from Rules/rules.yaml. Shared with that generator.</remarks>
internal sealed class RuleFile
{
    public List<string> Allowlist { get; set; } = [];

    public List<RuleDefinition> Rules { get; set; } = [];
}

/// <summary>One rule of a <see cref="RuleFile"/>, as written.</summary>
internal sealed class RuleDefinition
{
    public string? Id { get; set; }

    public string? Description { get; set; }

    public string? Severity { get; set; }

    public List<string> Keywords { get; set; } = [];

    public string? Scope { get; set; }

    public string? Regex { get; set; }

    public double? Entropy { get; set; }

    public string? Validator { get; set; }

    public List<string> Allowlist { get; set; } = [];

    public List<string> IgnorePaths { get; set; } = [];

    public string? Verify { get; set; }

    public SampleDefinition Samples { get; set; } = new();
}

/// <summary>A rule's samples, as written.</summary>
internal sealed class SampleDefinition
{
    public List<string> Positive { get; set; } = [];

    public List<string> Negative { get; set; } = [];
}
