using System.Text.RegularExpressions;
using Keyward.Core;

namespace Keyward.Scanning.Rules;

/// <summary>One detection rule: keywords for a fast prefilter, a regex with a <c>secret</c> group, and filters.</summary>
/// <remarks>Rules are data (<c>Rules/rules.yaml</c>); load them through <see cref="RuleSet"/>. Immutable and thread-safe.</remarks>
public sealed class Rule
{
    internal Rule(
        string id,
        string description,
        Severity severity,
        IReadOnlyList<string> keywords,
        RuleScope scope,
        RuleRegex regex,
        double? entropy,
        string? validator,
        IReadOnlyList<Regex> allowlist,
        IReadOnlyList<PathGlob> ignorePaths,
        string? verify,
        RuleSamples samples)
    {
        Id = id;
        Description = description;
        Severity = severity;
        Keywords = keywords;
        Scope = scope;
        Matcher = regex;
        Entropy = entropy;
        Validator = validator;
        Allowlist = allowlist;
        IgnorePaths = ignorePaths;
        Verify = verify;
        Samples = samples;
    }

    /// <summary>Gets the kebab-case id, vendor first, for example <c>salesloft-api-key</c>.</summary>
    public string Id { get; }

    /// <summary>Gets what the rule finds.</summary>
    public string Description { get; }

    /// <summary>Gets the severity of a finding.</summary>
    public Severity Severity { get; }

    /// <summary>Gets the lowercase keywords; the regex runs only on text containing one. Empty means always.</summary>
    public IReadOnlyList<string> Keywords { get; }

    /// <summary>Gets where in a text the regex runs.</summary>
    public RuleScope Scope { get; }

    /// <summary>Gets the regex; its <c>secret</c> group is the secret.</summary>
    /// <remarks>For a built-in rule this is the regex compiled at build time; for other rules the interpreted
    /// instance, which the detector swaps for a compiled one once the rule is hot.</remarks>
    public Regex Regex => Matcher.Regex;

    internal RuleRegex Matcher { get; }

    /// <summary>Gets the minimum Shannon entropy, in bits per character, of a reported secret.</summary>
    public double? Entropy { get; }

    /// <summary>Gets the name of the code validator a secret must pass, if any.</summary>
    public string? Validator { get; }

    /// <summary>Gets regexes that exempt a secret (placeholders) for this rule.</summary>
    public IReadOnlyList<Regex> Allowlist { get; }

    /// <summary>Gets the paths this rule never runs on, such as lock files.</summary>
    public IReadOnlyList<PathGlob> IgnorePaths { get; }

    /// <summary>Gets the live verifier for <c>--verify</c>: <c>instantly</c>, <c>salesloft</c>, or null.</summary>
    public string? Verify { get; }

    /// <summary>Gets the rule's own true and false samples.</summary>
    public RuleSamples Samples { get; }

    /// <inheritdoc/>
    public override string ToString() => Id;
}
