using System.Text.RegularExpressions;

namespace Keyward.Scanning.Rules;

/// <summary>A rule's regex: compiled at build time for the built-in rules, tiered from interpreted to compiled IL for
/// any other pattern.</summary>
/// <remarks>
/// <para>
/// The built-in rules' patterns are turned into <c>[GeneratedRegex]</c> methods at build time
/// (<c>eng/RuleRegexGenerator</c>, <see cref="BuiltInRegexes"/>), so they start fast and run at compiled speed with
/// nothing emitted or JIT-compiled at run time. A pattern that is not built in (a <c>--rules</c> file) starts
/// interpreted and switches to compiled IL once it has searched <see cref="CompileThreshold"/> characters: compiling
/// ~50 rules to IL and JIT-compiling them would cost most of a pre-commit scan's time budget, while a
/// multi-megabyte scan runs several times faster compiled. Under Native AOT, which cannot compile at run time,
/// <see cref="RegexOptions.Compiled"/> is ignored and the pattern stays interpreted. Thread-safe.
/// </para>
/// </remarks>
internal sealed class RuleRegex
{
    /// <summary>Characters searched before a non-built-in pattern is compiled: about a megabyte of text.</summary>
    internal const long CompileThreshold = 1_000_000;

    private readonly Lazy<Regex>? _compiled;
    private long _searched;

    private RuleRegex(Regex regex, Lazy<Regex>? compiled)
    {
        Regex = regex;
        _compiled = compiled;
    }

    /// <summary>Gets the instance used before the tier-up (the only one for a built-in pattern).</summary>
    public Regex Regex { get; }

    /// <summary>Gets a value indicating whether the pattern was compiled at build time.</summary>
    public bool IsBuiltIn => _compiled is null;

    /// <summary>Creates the regex for <paramref name="pattern"/>.</summary>
    /// <exception cref="ArgumentException">The pattern is invalid.</exception>
    public static RuleRegex Create(string pattern)
    {
        if (BuiltInRegexes.Find(pattern) is { } builtIn)
        {
            return new RuleRegex(builtIn, compiled: null);
        }

        var interpreted = new Regex(pattern, RuleSet.Options, RuleSet.MatchTimeout);
        return new RuleRegex(
            interpreted,
            new Lazy<Regex>(() => new Regex(pattern, RuleSet.Options | RegexOptions.Compiled, RuleSet.MatchTimeout)));
    }

    /// <summary>Returns the instance to search <paramref name="length"/> characters with.</summary>
    public Regex For(int length) =>
        _compiled is null || Interlocked.Add(ref _searched, length) <= CompileThreshold ? Regex : _compiled.Value;
}
