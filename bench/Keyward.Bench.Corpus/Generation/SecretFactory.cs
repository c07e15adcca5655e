using System.Text;
using Keyward.Bench.Corpus.Rules;

namespace Keyward.Bench.Corpus.Generation;

/// <summary>Makes a fresh fake secret of a rule's shape, inside a line the rule flags.</summary>
/// <remarks>
/// The line is the rule's positive sample (marker stripped) with the sample's secret replaced by a new value: a
/// vendor generator where the shape is known, else the sample's secret with its letters and digits randomized.
/// Every candidate is run through the rule (regex, entropy, allowlists) before it is used; if none passes, the
/// sample is planted as it is.
/// </remarks>
internal sealed class SecretFactory(RuleCatalog catalog)
{
    private const int Attempts = 64;

    public PlantTemplate? Create(CorpusRule rule, int index, DeterministicRandom rng)
    {
        var samples = rule.PositiveSamples
            .Select(RuleCatalog.StripMarker)
            .Select(s => (Line: s, Secret: catalog.Detect(rule, s).FirstOrDefault()))
            .Where(s => s.Secret is not null)
            .ToArray();
        if (samples.Length == 0)
        {
            return null;
        }

        var (line, secret) = samples[index % samples.Length];
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var candidate = (attempt < Attempts / 2 ? Known(rule.Id, secret!, index, rng) : null) ?? Mutated(secret!, attempt, rng);
            if (candidate is null || candidate == secret)
            {
                continue;
            }

            var at = line.IndexOf(secret!, StringComparison.Ordinal);
            var planted = string.Concat(line.AsSpan(0, at), candidate, line.AsSpan(at + secret!.Length));
            if (catalog.Detect(rule, planted).Contains(candidate, StringComparer.Ordinal))
            {
                return new PlantTemplate(planted, candidate, Generated: true);
            }
        }

        return new PlantTemplate(line, secret!, Generated: false);
    }

    /// <summary>A new Instantly key: standard base64 of <c>&lt;uuid&gt;:&lt;12 letters and digits&gt;</c>.</summary>
    public static string InstantlyKey(DeterministicRandom rng) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(rng.Uuid() + ":" + rng.Alphanumeric(12)));

    private static string? Known(string ruleId, string sample, int index, DeterministicRandom rng)
    {
        if (ruleId.Contains("instantly", StringComparison.Ordinal) && LooksLikeInstantlyKey(sample))
        {
            return InstantlyKey(rng);
        }

        if (sample.StartsWith("v2_ak_", StringComparison.Ordinal) || (ruleId.Contains("salesloft", StringComparison.Ordinal) && sample.StartsWith("ak_", StringComparison.Ordinal)))
        {
            // Salesloft: documented ak_<64 hex>, seen in the wild v2_ak_<team id>_<64 hex>; alternate the two.
            return index % 2 == 0 ? "ak_" + rng.Hex(64) : "v2_ak_" + rng.DigitString(rng.Next(5, 9)) + "_" + rng.Hex(64);
        }

        if (sample.StartsWith("AKIA", StringComparison.Ordinal))
        {
            return "AKIA" + rng.String(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
        }

        if (sample.StartsWith("ghp_", StringComparison.Ordinal))
        {
            return "ghp_" + rng.Alphanumeric(36);
        }

        if (sample.StartsWith("xoxb-", StringComparison.Ordinal))
        {
            return "xoxb-" + rng.DigitString(12) + "-" + rng.DigitString(13) + "-" + rng.Alphanumeric(24);
        }

        if (sample.StartsWith("sk_live_", StringComparison.Ordinal))
        {
            return "sk_live_" + rng.Alphanumeric(rng.Next(24, 40));
        }

        return null;
    }

    private static string Mutated(string sample, int attempt, DeterministicRandom rng)
    {
        // Keep a vendor prefix (up to the first '_' or '-' in the first 12 characters) and all punctuation, and
        // randomize runs of letters and digits; which runs varies with the attempt (so URL hosts, PEM armour and
        // fixed markers such as "na1" can survive).
        var separator = sample.AsSpan(0, Math.Min(12, sample.Length)).IndexOfAny('_', '-');
        var prefix = separator < 0 ? 0 : separator + 1;
        var runs = new List<(int Start, int End)>();
        for (var i = prefix; i < sample.Length;)
        {
            if (!char.IsAsciiLetterOrDigit(sample[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < sample.Length && char.IsAsciiLetterOrDigit(sample[i]))
            {
                i++;
            }

            runs.Add((start, i));
        }

        // Strategies, tried in turn: every run; long runs only; long runs keeping their first four characters
        // (AIza..., SK..., AGE-SECRET-KEY-1...) and also their last two (Anthropic keys end in AA); long runs with a
        // digit (not words like "webhooks"), whole, keeping their first character (Slack T.../B... ids), or keeping
        // their first half (pypi-AgEIcHlwaS5vcmc...).
        var longRuns = runs.Where(r => r.End - r.Start >= 8).ToList();
        var tokenRuns = longRuns.Where(r => sample.AsSpan(r.Start, r.End - r.Start).ContainsAnyInRange('0', '9')).ToList();
        var (selected, keepHead, keepTail) = (attempt % 7) switch
        {
            0 => (runs, 0, 0),
            1 => (longRuns, 0, 0),
            2 => (longRuns, 4, 0),
            3 => (longRuns, 4, 2),
            4 => (tokenRuns, 0, 0),
            5 => (tokenRuns, 1, 0),
            _ => (tokenRuns, -1, 0),
        };
        var chars = sample.ToCharArray();
        foreach (var (start, end) in selected)
        {
            MutateRun(chars, start + (keepHead < 0 ? (end - start) / 2 : keepHead), end - keepTail, rng);
        }

        return new string(chars);
    }

    /// <summary>Randomizes a run of letters and digits: hex stays hex, digits stay digits; otherwise each character class draws from the
    /// characters the run already uses (so bech32 or base32 alphabets hold), or from the whole class if it uses few.</summary>
    private static void MutateRun(char[] chars, int start, int end, DeterministicRandom rng)
    {
        if (end <= start)
        {
            return;
        }

        var run = new string(chars, start, end - start);
        if (run.All(char.IsAsciiHexDigit) && run.Length >= 8 && !run.All(char.IsAsciiDigit))
        {
            var upper = run.Any(char.IsAsciiLetterUpper);
            var alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
            for (var i = start; i < end; i++)
            {
                chars[i] = alphabet[rng.Next(16)];
            }

            return;
        }

        string Alphabet(Func<char, bool> inClass, string whole)
        {
            var seen = new string(run.Where(inClass).Distinct().Order().ToArray());
            return seen.Length >= 6 ? seen : whole;
        }

        var digits = Alphabet(char.IsAsciiDigit, "0123456789");
        var lower = Alphabet(char.IsAsciiLetterLower, "abcdefghijklmnopqrstuvwxyz");
        var upperCase = Alphabet(char.IsAsciiLetterUpper, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        for (var i = start; i < end; i++)
        {
            var c = chars[i];
            var alphabet = char.IsAsciiDigit(c) ? digits : char.IsAsciiLetterLower(c) ? lower : upperCase;
            chars[i] = alphabet[rng.Next(alphabet.Length)];
        }
    }

    private static bool LooksLikeInstantlyKey(string value)
    {
        var bytes = new byte[value.Length];
        if (!Convert.TryFromBase64String(value, bytes, out var written))
        {
            return false;
        }

        var text = Encoding.ASCII.GetString(bytes, 0, written);
        return text.Length > 37 && text[36] == ':' && Guid.TryParseExact(text.AsSpan(0, 36), "D", out _);
    }
}
