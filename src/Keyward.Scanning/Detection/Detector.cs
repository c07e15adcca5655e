using System.Buffers;
using System.Text.RegularExpressions;
using Keyward.Core.Secrets;
using Keyward.Core.Text;
using Keyward.Scanning.Rules;

namespace Keyward.Scanning.Detection;

/// <summary>Runs rules over a fragment: keyword prefilter, then regex, then entropy, allowlists and validators.</summary>
/// <remarks>
/// <para>
/// One pass with a vectorized multi-keyword search decides which rules can match; only those run their regex, over
/// the part of the text the rule's <see cref="RuleScope"/> allows.
/// Encoded runs (base64, hex, percent) are decoded and scanned again, up to
/// <see cref="DetectorOptions.MaxDecodeDepth"/> levels, and their findings point at the encoded text. When two
/// rules report overlapping text, the rule earlier in the rule file wins, so specific rules beat generic ones.
/// </para>
/// <para>A match on a line containing <c>keyward:allow</c> is suppressed. Instances are immutable and thread-safe.</para>
/// </remarks>
public sealed class Detector
{
    private const string InlineAllowMarker = "keyward:allow";

    /// <summary>The shortest run of base64 characters a <see cref="RuleScope.Base64Runs"/> rule runs on. Shorter runs
    /// are common (identifiers, hashes): at 16 there were 1.5 M runs in the 181 M-character tree, and finding them and
    /// running the regex on each cost more than the regex on all of the text; at 40, 0.4 M runs and 30% less.</summary>
    private const int Base64RunLength = 40;

    private readonly RuleSet _rules;
    private readonly DetectorOptions _options;
    private readonly KeywordMatcher _keywords;
    private readonly int[][] _keywordsOfRule;
    private readonly SearchValues<string>?[] _lineKeywords;

    /// <summary>Initializes a new instance of the <see cref="Detector"/> class.</summary>
    /// <param name="rules">The rules; usually <see cref="RuleSet.Default"/>.</param>
    /// <param name="options">Decoding limits; defaults when null.</param>
    public Detector(RuleSet rules, DetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules;
        _options = options ?? new DetectorOptions();
        var keywords = rules.Rules.SelectMany(r => r.Keywords).Distinct(StringComparer.Ordinal).ToArray();
        _keywords = new KeywordMatcher(keywords);
        _keywordsOfRule = rules.Rules.Select(r => r.Keywords.Select(k => Array.IndexOf(keywords, k)).ToArray()).ToArray();
        _lineKeywords = rules.Rules
            .Select(r => r.Scope == RuleScope.KeywordLines ? SearchValues.Create([.. r.Keywords], StringComparison.OrdinalIgnoreCase) : null)
            .ToArray();
    }

    /// <summary>Gets the rules this detector runs.</summary>
    public RuleSet Rules => _rules;

    /// <summary>Scans one fragment: all of its text, or only its <see cref="Fragment.ChangedRegions"/> when it has them.</summary>
    /// <param name="fragment">The text and where it came from.</param>
    /// <returns>The findings in position order, how many were allowed inline, and warnings.</returns>
    public DetectionResult Detect(Fragment fragment)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        if (fragment.Text.Length == 0)
        {
            return DetectionResult.Empty;
        }

        var state = new ScanState(fragment);
        var decodedBudget = _options.MaxDecodedPerFragment;
        if (fragment.ChangedRegions is { } changed)
        {
            ScanChanged(fragment.Text, changed, state, ref decodedBudget);
        }
        else
        {
            ScanText(fragment.Text, origin: null, encoding: null, depth: 0, state, ref decodedBudget);
        }

        return state.ToResult(_rules);
    }

    private void ScanText(string text, (int Start, int Length)? origin, string? encoding, int depth, ScanState state, ref int decodedBudget)
    {
        var present = _keywords.Find(text);
        for (var r = 0; r < _rules.Rules.Count; r++)
        {
            if (CanMatch(r, present) && RunsOn(r, state))
            {
                RunRule(r, text, new TextRegion(0, text.Length), origin, encoding, state);
            }
        }

        if (depth < _options.MaxDecodeDepth)
        {
            _ = Decode(text, offset: 0, origin, encoding, depth, state, ref decodedBudget);
        }
    }

    /// <summary>Scans only what changed since an earlier version (see <see cref="Fragment.ChangedRegions"/>).</summary>
    /// <remarks>A rule whose keyword occurs in the unchanged text was on for the earlier version too, which found its
    /// matches there. A rule whose keywords occur only in the changed regions may have been off, and a rule may match
    /// away from its keyword (a bare token in a file that mentions the vendor), so that rule runs on the whole text.</remarks>
    private void ScanChanged(string text, IReadOnlyList<TextRegion> regions, ScanState state, ref int decodedBudget)
    {
        if (regions.Count == 0)
        {
            return;
        }

        var inRegions = new bool[_keywords.Count];
        var unchanged = new bool[_keywords.Count];
        var position = 0;
        foreach (var region in regions)
        {
            _keywords.Find(text.AsSpan(position, region.Start - position), unchanged);
            _keywords.Find(text.AsSpan(region.Start, region.Length), inRegions);
            position = region.End;
        }

        _keywords.Find(text.AsSpan(position), unchanged);
        for (var r = 0; r < _rules.Rules.Count; r++)
        {
            if (!RunsOn(r, state))
            {
                continue;
            }

            if (CanMatch(r, unchanged))
            {
                foreach (var region in regions)
                {
                    RunRule(r, text, region, origin: null, encoding: null, state);
                }
            }
            else if (CanMatch(r, inRegions))
            {
                RunRule(r, text, new TextRegion(0, text.Length), origin: null, encoding: null, state);
            }
        }

        if (_options.MaxDecodeDepth > 0)
        {
            foreach (var region in regions)
            {
                if (!Decode(text.Substring(region.Start, region.Length), region.Start, origin: null, encoding: null, depth: 0, state, ref decodedBudget))
                {
                    break;
                }
            }
        }
    }

    private void RunRule(int ruleIndex, string text, TextRegion region, (int Start, int Length)? origin, string? encoding, ScanState state)
    {
        switch (_rules.Rules[ruleIndex].Scope)
        {
            case RuleScope.KeywordLines:
                foreach (var line in KeywordLines(text, region, _lineKeywords[ruleIndex]!))
                {
                    Match(ruleIndex, text, line, origin, encoding, state);
                }

                break;
            case RuleScope.Base64Runs:
                foreach (var run in Base64Runs(text, region))
                {
                    Match(ruleIndex, text, run, origin, encoding, state);
                }

                break;
            default:
                Match(ruleIndex, text, region, origin, encoding, state);
                break;
        }
    }

    private void Match(int ruleIndex, string text, TextRegion region, (int Start, int Length)? origin, string? encoding, ScanState state)
    {
        var rule = _rules.Rules[ruleIndex];
        try
        {
            // The region is the whole input to the regex: lookbehinds stop at its start, which is a line start or
            // the start of a run of the characters the rule matches.
            for (var match = rule.Matcher.For(region.Length).Match(text, region.Start, region.Length); match.Success; match = match.NextMatch())
            {
                var group = match.Groups["secret"];
                if (group.Success && group.Length > 0 && Accepts(rule, group.Value))
                {
                    // A secret found in decoded text is reported at, and spans, the encoded text it came from.
                    var (start, length) = origin ?? (group.Index, group.Length);
                    state.Add(new Candidate(ruleIndex, start, length, group.Value, encoding));
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            state.Warnings.Add($"{state.Fragment.Path}: rule {rule.Id} timed out and was skipped for this file");
        }
    }

    /// <summary>The lines of <paramref name="region"/> (without their line break) that contain a keyword.</summary>
    private static IEnumerable<TextRegion> KeywordLines(string text, TextRegion region, SearchValues<string> keywords)
    {
        var position = region.Start;
        while (position < region.End)
        {
            var found = text.AsSpan(position, region.End - position).IndexOfAny(keywords);
            if (found < 0)
            {
                yield break;
            }

            found += position;
            var lineStart = text.AsSpan(position, found - position).LastIndexOf('\n') + position + 1;
            var lineBreak = text.AsSpan(found, region.End - found).IndexOf('\n');
            var lineEnd = lineBreak < 0 ? region.End : found + lineBreak;
            yield return new TextRegion(lineStart, lineEnd - lineStart);
            position = lineEnd + 1;
        }
    }

    /// <summary>The runs of base64 characters in <paramref name="region"/>, each with the padding after it and one more
    /// character, so that a regex sees the same boundaries as in the whole text.</summary>
    private static IEnumerable<TextRegion> Base64Runs(string text, TextRegion region)
    {
        foreach (var (start, length) in EncodedSegments.Runs(text.AsSpan(region.Start, region.Length), EncodedSegments.Base64, Base64RunLength))
        {
            var end = region.Start + start + length;
            while (end < region.End && text[end] == '=')
            {
                end++;
            }

            end = Math.Min(end + 1, region.End);
            yield return new TextRegion(region.Start + start, end - region.Start - start);
        }
    }

    /// <summary>Decodes the encoded runs of <paramref name="text"/>, which starts at <paramref name="offset"/> in the
    /// fragment, and scans what they decode to.</summary>
    /// <returns>False when the fragment's decoding budget ran out (and a warning says so).</returns>
    private bool Decode(string text, int offset, (int Start, int Length)? origin, string? encoding, int depth, ScanState state, ref int decodedBudget)
    {
        foreach (var segment in EncodedSegments.Find(text, _options))
        {
            if (decodedBudget < segment.Decoded.Length)
            {
                state.Warnings.Add($"{state.Fragment.Path}: decoding budget used up; remaining encoded text not scanned");
                return false;
            }

            decodedBudget -= segment.Decoded.Length;
            var segmentOrigin = origin ?? (offset + segment.Start, segment.Length);
            var segmentEncoding = encoding is null ? segment.Encoding : $"{encoding}>{segment.Encoding}";
            ScanText(segment.Decoded, segmentOrigin, segmentEncoding, depth + 1, state, ref decodedBudget);
        }

        return true;
    }

    private bool RunsOn(int ruleIndex, ScanState state) =>
        !_rules.Rules[ruleIndex].IgnorePaths.Any(g => g.IsMatch(state.Fragment.Path));

    private bool Accepts(Rule rule, string secret)
    {
        if (rule.Entropy is { } floor && Entropy.Shannon(secret) < floor)
        {
            return false;
        }

        if (_rules.Allowlist.Any(a => a.IsMatch(secret)) || rule.Allowlist.Any(a => a.IsMatch(secret)))
        {
            return false;
        }

        return rule.Validator is null || SecretValidators.IsValid(rule.Validator, secret);
    }

    private bool CanMatch(int ruleIndex, bool[] present)
    {
        var keywords = _keywordsOfRule[ruleIndex];
        if (keywords.Length == 0)
        {
            return true;
        }

        foreach (var k in keywords)
        {
            if (present[k])
            {
                return true;
            }
        }

        return false;
    }

    private readonly record struct Candidate(int RuleIndex, int Start, int Length, string Secret, string? Encoding);

    private sealed class ScanState(Fragment fragment)
    {
        private readonly List<Candidate> _candidates = [];

        public Fragment Fragment { get; } = fragment;

        public List<string> Warnings { get; } = [];

        public void Add(Candidate candidate) => _candidates.Add(candidate);

        public DetectionResult ToResult(RuleSet rules)
        {
            if (_candidates.Count == 0)
            {
                return Warnings.Count == 0 ? DetectionResult.Empty : new DetectionResult([], 0, Warnings);
            }

            var lines = new LineIndex(Fragment.Text);
            var kept = new List<Candidate>();

            // Earlier rules first, then plain text before decoded text: overlapping later candidates are dropped.
            foreach (var candidate in _candidates.OrderBy(c => c.RuleIndex).ThenBy(c => c.Encoding is null ? 0 : 1).ThenBy(c => c.Start))
            {
                if (!kept.Any(k => Overlaps(k, candidate)))
                {
                    kept.Add(candidate);
                }
            }

            var findings = new List<Finding>();
            var allowed = 0;
            foreach (var candidate in kept.OrderBy(c => c.Start))
            {
                var (line, column) = lines.Locate(candidate.Start);
                if (lines.LineText(line).Contains(InlineAllowMarker, StringComparison.Ordinal))
                {
                    allowed++;
                    continue;
                }

                var rule = rules.Rules[candidate.RuleIndex];
                var secret = new SecretValue(candidate.Secret);
                findings.Add(new Finding(
                    rule.Id,
                    rule.Description,
                    rule.Severity,
                    Fragment.Path,
                    line,
                    column,
                    secret,
                    Fingerprints.Compute(rule.Id, Fragment.Path, secret),
                    Fragment.Commit,
                    candidate.Encoding));
            }

            return new DetectionResult(findings, allowed, Warnings);
        }

        private static bool Overlaps(Candidate a, Candidate b) =>
            a.Start < b.Start + b.Length && b.Start < a.Start + a.Length;
    }
}
