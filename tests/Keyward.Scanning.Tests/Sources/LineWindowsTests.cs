using FsCheck;
using FsCheck.Fluent;
using Keyward.Scanning.Detection;
using Keyward.Scanning.Rules;
using Keyward.Scanning.Sources;

namespace Keyward.Scanning.Tests.Sources;

public class LineWindowsTests
{
    /// <summary>Rules of the three kinds that read beyond their match: a keyword inside the match, a keyword that only
    /// needs to be somewhere in the file (bolt), and a match spanning lines (an API host, then a bearer token).</summary>
    private static readonly Detector Detector = new(RuleSet.Parse(
        """
        rules:
          - id: acme-token
            description: Acme token
            severity: high
            keywords: [acme_]
            regex: '(?<secret>acme_[A-Za-z0-9]{20})'
          - id: bolt-token
            description: A bolt token, only in a file that names the vendor
            severity: high
            keywords: [boltvendor]
            regex: '(?<![a-z0-9_])(?<secret>bt_[a-z0-9]{20})'
          - id: acme-bearer
            description: A bearer token near the Acme API host
            severity: high
            keywords: [api.acme.test]
            regex: '(?i)api\.acme\.test[\s\S]{0,80}?bearer[ \t]+(?<secret>[A-Za-z0-9]{24})'
        """,
        "line window test rules"));

    private const string Host = "const host = \"https://api.acme.test/v1\";";
    private const string Bearer = "headers: { Authorization: \"Bearer QWERTYUIOPasdfghjklZXCVB\" }"; // keyward:allow (fake)
    private const string BoltToken = "t = bt_0123456789abcdefghij"; // keyward:allow (fake)

    // Fixed values (not random per run) so lines repeat across versions, as they do in history.
    private static readonly string[] Filler = [string.Empty, "filler one", "filler two", "}", new string('=', 150)];

    private static readonly string[] Special =
    [
        "key = acme_AAAAaaaaBBBBbbbbCCCC", // keyward:allow (fake)
        "key = acme_DDDDddddEEEEeeeeFFFF", // keyward:allow (fake)
        "import boltvendor",
        BoltToken,
        "t = bt_klmnopqrstuvwxyz0123", // keyward:allow (fake)
        Host,
        Bearer,
    ];

    /// <summary>Mostly filler, with the lines the rules care about now and then, so that a secret, its vendor's name or
    /// the API host often appear in only one of the two versions.</summary>
    private static readonly Gen<string> Line = Gen.Frequency((12, Gen.Elements(Filler)), (1, Gen.Elements(Special)));

    private static readonly Arbitrary<(string[] Earlier, string[] Later)> Versions =
        (from length in Gen.Choose(0, 120)
         from earlier in Line.ListOf(length)
         from count in Gen.Choose(0, 4)
         from edits in (from kind in Gen.Choose(0, 2) from at in Gen.Choose(0, 1000) from line in Line select (kind, at, line)).ListOf(count)
         select (earlier.ToArray(), Edit(earlier.ToList(), edits))).ToArbitrary();

    [Fact]
    public void ChangedRegions_FindEverythingAFullScanFindsThatTheEarlierVersionDidNot()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(Versions, versions =>
        {
            var (earlierText, laterText) = (Text(versions.Earlier), Text(versions.Later));
            var windows = new LineWindows(seed: 7);
            var earlierKeys = windows.Compute(earlierText, null, out _).ToHashSet();
            windows.Compute(laterText, [earlierKeys], out var changed);

            var full = Fingerprints(new Fragment("f", laterText));
            var partial = Fingerprints(new Fragment("f", laterText) { ChangedRegions = changed });
            var earlier = Fingerprints(new Fragment("f", earlierText));
            return full.IsSubsetOf(earlier.Union(partial)) && partial.IsSubsetOf(full);
        }));
    }

    [Fact]
    public void ChangedRegions_VendorNamedOnlyInTheChange_FindsTheTokenFarFromIt()
    {
        // The token was there before, but its rule only runs in a file that names the vendor: now it does.
        var body = Enumerable.Repeat(Filler[4], 20).Prepend(BoltToken).ToArray();

        var findings = ScanLaterVersion(body, [.. body, "import boltvendor"]);

        Assert.Equal("bolt-token", Assert.Single(findings).RuleId);
    }

    [Fact]
    public void ChangedRegions_MatchStartingOnAnUnchangedLine_IsFound()
    {
        // The host line is unchanged; the bearer line two lines below it is new, and the match spans both.
        string[] earlier = [.. Enumerable.Repeat(Filler[4], 10), Host, "filler one", "}", .. Enumerable.Repeat(Filler[4], 10)];
        string[] later = [.. earlier[..13], Bearer, .. earlier[13..]];

        var findings = ScanLaterVersion(earlier, later);

        Assert.Equal("acme-bearer", Assert.Single(findings).RuleId);
    }

    [Fact]
    public void Compute_SameText_ChangesNothing()
    {
        var text = string.Join('\n', Special) + "\n";
        var windows = new LineWindows();

        var keys = windows.Compute(text, null, out var none);
        windows.Compute(text, [keys.ToHashSet()], out var changed);

        Assert.Null(none);
        Assert.Equal(Special.Length, keys.Length);
        Assert.Empty(changed!);
    }

    [Fact]
    public void Compute_OneLineAddedToALongFile_IsOneRegionOfWholeLinesAroundIt()
    {
        var lines = Enumerable.Range(0, 200).Select(i => $"line {i:D3} of a long file").ToList();
        var windows = new LineWindows();
        var earlier = windows.Compute(string.Join('\n', lines) + "\n", null, out _).ToHashSet();
        lines.Insert(100, "the one new line");
        var later = string.Join('\n', lines) + "\n";

        windows.Compute(later, [earlier], out var changed);

        var region = Assert.Single(changed!);
        var text = later.Substring(region.Start, region.Length);
        Assert.Contains("the one new line", text, StringComparison.Ordinal);
        Assert.True(region.Start == 0 || later[region.Start - 1] == '\n', "a region starts at a line start");
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.InRange(region.Length, LineWindows.Context, 3 * LineWindows.Context);
    }

    [Fact]
    public void Compute_SeveralEarlierVersions_ALineIsUnchangedOnlyIfEveryOneHasIt()
    {
        var windows = new LineWindows();
        var lines = Enumerable.Range(0, 100).Select(i => $"line {i:D3}").ToArray();
        var text = string.Join('\n', lines) + "\n";
        var same = windows.Compute(text, null, out _).ToHashSet();
        var other = windows.Compute(string.Join('\n', lines[..50]) + "\n", null, out _).ToHashSet();

        windows.Compute(text, [same, other], out var changed);

        var region = Assert.Single(changed!);
        Assert.Contains("line 099", text.Substring(region.Start, region.Length), StringComparison.Ordinal);
        Assert.DoesNotContain("line 010", text.Substring(region.Start, region.Length), StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_MostOfTheTextChanged_ScansAllOfIt()
    {
        var windows = new LineWindows();
        var earlier = windows.Compute("a\nb\nc\n", null, out _).ToHashSet();

        windows.Compute("x\ny\nz\n", [earlier], out var changed);

        Assert.Null(changed);
    }

    private static string[] Edit(List<string> lines, IEnumerable<(int Kind, int At, string Line)> edits)
    {
        foreach (var (kind, at, line) in edits)
        {
            var index = lines.Count == 0 ? 0 : at % lines.Count;
            switch (kind)
            {
                case 0:
                    lines.Insert(index, line);
                    break;
                case 1 when lines.Count > 0:
                    lines.RemoveAt(index);
                    break;
                case 2 when lines.Count > 0:
                    lines[index] = line;
                    break;
            }
        }

        return [.. lines];
    }

    private static IReadOnlyList<Finding> ScanLaterVersion(string[] earlier, string[] later)
    {
        var windows = new LineWindows();
        var keys = windows.Compute(Text(earlier), null, out _).ToHashSet();
        windows.Compute(Text(later), [keys], out var changed);
        Assert.NotNull(changed);
        return Detector.Detect(new Fragment("f", Text(later)) { ChangedRegions = changed }).Findings;
    }

    private static string Text(string[] lines) => string.Join('\n', lines) + "\n";

    private static HashSet<string> Fingerprints(Fragment fragment) =>
        Detector.Detect(fragment).Findings.Select(f => f.Fingerprint).ToHashSet(StringComparer.Ordinal);
}
