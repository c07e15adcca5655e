using System.Globalization;
using System.Text.RegularExpressions;
using Keyward.Core;

namespace Keyward.Scanning.Rules;

/// <summary>The rules a scan runs, plus the global allowlist of placeholder values.</summary>
/// <remarks>
/// <para>Rules are data: the built-in set is <c>Rules/rules.yaml</c>, turned into code at build time
/// (<c>eng/RuleRegexGenerator</c>) and validated by the same checks at first use; <c>--rules FILE</c>
/// loads another file of the same shape (docs/rules.md). Loading validates everything and names the rule at fault.</para>
/// <para>Immutable and safe to share between threads.</para>
/// </remarks>
public sealed partial class RuleSet
{
    /// <summary>The options of every rule regex; the build-time generated ones (<see cref="BuiltInRegexes"/>) too.</summary>
    internal const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    /// <summary>How long one regex may run on one fragment before it is abandoned, in milliseconds.</summary>
    internal const int MatchTimeoutMilliseconds = 2000;

    /// <summary>How long one regex may run on one fragment before it is abandoned.</summary>
    internal static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(MatchTimeoutMilliseconds);

    private static readonly Lazy<RuleSet> LazyDefault = new(() => Validate(BuiltInRules.Read(), "built-in rules"));

    private static readonly HashSet<string> Validators = new(["instantly-key"], StringComparer.Ordinal);
    private static readonly HashSet<string> Verifiers = new(["instantly", "salesloft"], StringComparer.Ordinal);

    private RuleSet(IReadOnlyList<Rule> rules, IReadOnlyList<Regex> allowlist)
    {
        Rules = rules;
        Allowlist = allowlist;
    }

    /// <summary>Gets the built-in rules.</summary>
    public static RuleSet Default => LazyDefault.Value;

    /// <summary>Gets the rules, in file order; when two report the same secret, the first wins.</summary>
    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>Gets regexes that exempt a secret from every rule (placeholders such as <c>replace-me</c>).</summary>
    public IReadOnlyList<Regex> Allowlist { get; }

    /// <summary>Returns a set holding only <paramref name="rule"/> and this set's global allowlist.</summary>
    /// <param name="rule">A rule of this set.</param>
    /// <returns>The one-rule set, for testing a rule without earlier rules taking precedence over it.</returns>
    /// <exception cref="ArgumentException">The rule is not part of this set.</exception>
    public RuleSet Only(Rule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return Rules.Contains(rule) ? new RuleSet([rule], Allowlist) : throw new ArgumentException($"rule {rule.Id} is not in this set", nameof(rule));
    }

    /// <summary>Loads rules from a YAML file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The validated rules.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is malformed; the message names the file, the line or the rule, and the problem.</exception>
    public static RuleSet Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"rules file '{path}' does not exist", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses rules from YAML text.</summary>
    /// <param name="yaml">The YAML.</param>
    /// <param name="source">A name for error messages.</param>
    /// <returns>The validated rules.</returns>
    /// <exception cref="InvalidDataException">The text is malformed; the message names the source, the line or the rule, and the problem.</exception>
    public static RuleSet Parse(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return Validate(RuleFileReader.Read(yaml, source), source);
    }

    private static RuleSet Validate(RuleFile file, string source)
    {
        if (file.Rules.Count == 0)
        {
            throw new InvalidDataException($"{source}: no rules; the file needs a 'rules:' list");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var rules = new List<Rule>();
        foreach (var definition in file.Rules)
        {
            var rule = Build(definition, source);
            if (!ids.Add(rule.Id))
            {
                throw new InvalidDataException($"{source}: rule id '{rule.Id}' appears twice");
            }

            rules.Add(rule);
        }

        var allowlist = file.Allowlist.Select(p => CompileRegex(p, $"{source}: global allowlist")).ToArray();
        return new RuleSet(rules, allowlist);
    }

    private static Rule Build(RuleDefinition definition, string source)
    {
        var id = definition.Id ?? string.Empty;
        var where = $"{source}: rule '{id}'";
        if (!RuleIdRegex().IsMatch(id))
        {
            throw new InvalidDataException($"{where}: id must be kebab-case, vendor first (for example salesloft-api-key)");
        }

        if (string.IsNullOrWhiteSpace(definition.Regex))
        {
            throw new InvalidDataException($"{where}: regex is required");
        }

        RuleRegex regex;
        try
        {
            regex = RuleRegex.Create(definition.Regex);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{where}: invalid regex: {e.Message}", e);
        }

        if (!regex.Regex.GetGroupNames().Contains("secret"))
        {
            throw new InvalidDataException($"{where}: regex needs a named group (?<secret>...) around the secret");
        }

        if (!Enum.TryParse<Severity>(definition.Severity, ignoreCase: true, out var severity) || !Enum.IsDefined(severity))
        {
            throw new InvalidDataException($"{where}: severity '{definition.Severity}' is not one of info, low, medium, high, critical");
        }

        if (definition.Validator is not null && !Validators.Contains(definition.Validator))
        {
            throw new InvalidDataException($"{where}: unknown validator '{definition.Validator}'; known: {string.Join(", ", Validators)}");
        }

        if (definition.Verify is not null && !Verifiers.Contains(definition.Verify))
        {
            throw new InvalidDataException($"{where}: unknown verifier '{definition.Verify}'; known: {string.Join(", ", Verifiers)}");
        }

        if (definition.Entropy is < 0 or > 8)
        {
            throw new InvalidDataException($"{where}: entropy must be between 0 and 8 bits per character");
        }

        var keywords = definition.Keywords.Select(k => k.ToLower(CultureInfo.InvariantCulture)).Where(k => k.Length > 0).Distinct().ToArray();
        if (keywords.FirstOrDefault(k => k.Length < 2 || k.Any(c => c > 127)) is { } bad)
        {
            throw new InvalidDataException($"{where}: keyword '{bad}' must be at least two ASCII characters");
        }

        var scope = ParseScope(definition.Scope, where);
        if (scope == RuleScope.KeywordLines && keywords.Length == 0)
        {
            throw new InvalidDataException($"{where}: scope keyword-lines needs keywords");
        }

        return new Rule(
            id,
            definition.Description ?? id,
            severity,
            keywords,
            scope,
            regex,
            definition.Entropy,
            definition.Validator,
            definition.Allowlist.Select(p => CompileRegex(p, $"{where} allowlist")).ToArray(),
            definition.IgnorePaths.Select(p => new PathGlob(p)).ToArray(),
            definition.Verify,
            new RuleSamples(definition.Samples.Positive, definition.Samples.Negative));
    }

    private static RuleScope ParseScope(string? scope, string where) => scope switch
    {
        null or "text" => RuleScope.Text,
        "keyword-lines" => RuleScope.KeywordLines,
        "base64-runs" => RuleScope.Base64Runs,
        _ => throw new InvalidDataException($"{where}: scope '{scope}' is not one of text, keyword-lines, base64-runs"),
    };

    private static Regex CompileRegex(string pattern, string where)
    {
        try
        {
            return BuiltInRegexes.Find(pattern) ?? new Regex(pattern, Options, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{where}: invalid regex: {e.Message}", e);
        }
    }

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex RuleIdRegex();
}
