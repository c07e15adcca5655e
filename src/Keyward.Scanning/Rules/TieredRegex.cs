using System.Text.RegularExpressions;

namespace Keyward.Scanning.Rules;

/// <summary>
/// A regex that starts interpreted and switches to compiled IL once it has searched enough text to pay for it.
/// </summary>
/// <remarks>
/// Compiling the ~50 built-in rules to IL and JIT-compiling them costs most of a pre-commit scan's time budget,
/// while a multi-megabyte scan runs several times faster compiled. Counting the characters each rule searches lets
/// a short scan stay interpreted and a long one compile only the rules that actually run. Thread-safe.
/// </remarks>
internal sealed class TieredRegex
{
    /// <summary>Characters searched before compiling: about a megabyte of text.</summary>
    internal const long CompileThreshold = 1_000_000;

    private readonly Lazy<Regex> _compiled;
    private long _searched;

    public TieredRegex(string pattern, RegexOptions options, TimeSpan timeout)
    {
        Interpreted = new Regex(pattern, options, timeout);
        _compiled = new Lazy<Regex>(() => new Regex(pattern, options | RegexOptions.Compiled, timeout));
    }

    public Regex Interpreted { get; }

    /// <summary>Returns the instance to search <paramref name="length"/> characters with.</summary>
    public Regex For(int length) =>
        Interlocked.Add(ref _searched, length) > CompileThreshold ? _compiled.Value : Interpreted;
}
