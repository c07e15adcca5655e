using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Keyward.Core;
using Keyward.Posture.Reporting;

namespace Keyward.Posture.Tests.Reporting;

public class PostureHtmlReportTests
{
    private const string Planted = "<script>alert(1)</script>\" onmouseover=\"alert(2)";

    [Fact]
    public void Write_Sample_IsWellFormedWithTheHeader()
    {
        var page = Parse(Render(SampleReports.Full()));

        Assert.Equal("html", page.Root!.Name.LocalName);
        Assert.Equal(SampleReports.Target, ById(page, "target").Value);
        Assert.Equal("production", ById(page, "environment").Value);
        Assert.Equal("23/ 100", ById(page, "score").Value);
        Assert.Equal("Score 23 out of 100", ById(page, "score").Attribute("aria-label")!.Value);
        Assert.Equal("3 passed, 6 failed, 2 skipped", ById(page, "counts").Value);
        Assert.Equal("2026-05-01T09:30:00Z", page.Descendants("time").Single().Attribute("datetime")!.Value);
    }

    [Fact]
    public void Write_Sample_LoadsNothingFromOutside()
    {
        var html = Render(SampleReports.Full());

        Assert.DoesNotMatch(new Regex(@"\b(?:src|href|srcset|action|xlink:href)\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"<(?:script|link|img|iframe|object|embed|base)\b|@import|@font-face|url\((?!#)", RegexOptions.IgnoreCase), html);
        Assert.Contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_PlantedMarkup_IsEncodedEverywhere()
    {
        var html = Render(SampleReports.Planted(Planted));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\" onmouseover=", html, StringComparison.Ordinal);
        // Target (title and header), environment, title, summary, evidence, fix, key name and id in both charts.
        Assert.True(Regex.Count(html, Regex.Escape("&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;alert(2)")) >= 10, html);
        var page = Parse(html);
        Assert.Equal("summary " + Planted, page.Descendants("tr").Single(r => r.Attribute("data-check")?.Value == "KW004").Descendants("p").First().Value);
    }

    [Fact]
    public void Write_Sample_ChecklistHasOneRowPerCheckWithItsStatus()
    {
        var page = Parse(Render(SampleReports.Full()));

        var rows = ById(page, "checklist").Element("tbody")!.Elements("tr").ToArray();
        Assert.Equal(Enumerable.Range(1, 11).Select(i => $"KW{i:000}"), rows.Select(r => r.Attribute("data-check")!.Value));
        Assert.Equal(
            ["fail", "fail", "pass", "fail", "fail", "fail", "pass", "skipped", "pass", "fail", "skipped"],
            rows.Select(r => r.Attribute("data-status")!.Value));
        Assert.Equal(["FAIL", "KW001", "No hardcoded keys in the repository", "critical"], rows[0].Elements("td").Take(4).Select(td => td.Value));
        Assert.Equal("SKIP", rows[7].Elements("td").First().Value);
    }

    [Fact]
    public void Write_FailedCheck_ShowsEvidenceOpenAndTheFix()
    {
        var row = Row(Parse(Render(SampleReports.Full())), "KW006");

        var details = row.Descendants("details").Single();
        Assert.Equal("open", details.Attribute("open")?.Value);
        Assert.Equal(["key prod-sender (key-01) is 120 days old", "key zapier-sync (key-03) is 95 days old"], details.Descendants("li").Select(li => li.Value));
        Assert.Equal("Rotate each without downtime: keyward keys rotate --secret REF; keyward keys due lists them.", row.Descendants("pre").Single().Value);
    }

    [Fact]
    public void Write_PassedAndSkippedChecks_ShowNoFix()
    {
        var page = Parse(Render(SampleReports.Full()));

        Assert.Empty(Row(page, "KW003").Descendants("pre"));
        Assert.Null(Row(page, "KW003").Descendants("details").Single().Attribute("open"));
        Assert.Empty(Row(page, "KW008").Descendants("pre"));
        Assert.Empty(Row(page, "KW008").Descendants("details"));
    }

    [Fact]
    public void Write_Sample_KeyAgeChartHasABarPerKeyAndTheLimitLine()
    {
        var chart = ById(Parse(Render(SampleReports.Full())), "key-age-chart");

        Assert.Equal("svg", chart.Name.LocalName);
        Assert.Equal("img", chart.Attribute("role")!.Value);
        Assert.Equal("Key age: 3 keys, 2 older than the 90-day limit", chart.Attribute("aria-label")!.Value);
        Assert.NotEmpty(chart.Element("title")!.Value);
        var bars = Bars(chart);
        Assert.Equal(["key-01", "key-02", "key-03"], bars.Select(b => b.Attribute("data-key")!.Value));
        Assert.Equal([PostureSvgCharts.AgeOverColor, PostureSvgCharts.AgeWithinColor, PostureSvgCharts.AgeOverColor], bars.Select(b => b.Attribute("fill")!.Value));
        Assert.Equal("prod-sender (key-01): 120 days old, past the 90-day limit", bars[0].Element("title")!.Value);
        var limit = chart.Elements("line").Single(l => l.Attribute("data-limit") is not null);
        Assert.Equal("90", limit.Attribute("data-limit")!.Value);
        var limitX = X(limit, "x1");
        Assert.InRange(limitX, Right(bars[1]), Right(bars[2]));
        Assert.True(Right(bars[0]) > Right(bars[2]));
    }

    [Fact]
    public void Write_CustomLimit_MovesTheLineAndRecoloursTheBars()
    {
        var chart = ById(Parse(Render(SampleReports.Full(), maxKeyAgeDays: 100)), "key-age-chart");

        Assert.Equal([PostureSvgCharts.AgeOverColor, PostureSvgCharts.AgeWithinColor, PostureSvgCharts.AgeWithinColor], Bars(chart).Select(b => b.Attribute("fill")!.Value));
        Assert.Equal("100", chart.Elements("line").Single(l => l.Attribute("data-limit") is not null).Attribute("data-limit")!.Value);
        Assert.Contains("100-day limit", chart.Elements("text").Select(t => t.Value));
    }

    [Fact]
    public void Write_Sample_ScopeRiskChartColoursByRiskAndHatchesUnusedScopes()
    {
        var chart = ById(Parse(Render(SampleReports.Full())), "scope-risk-chart");

        Assert.Equal("img", chart.Attribute("role")!.Value);
        Assert.Equal("Scope risk: 3 keys, 2 holding high or critical scopes, 9 scopes unused", chart.Attribute("aria-label")!.Value);
        var bars = Bars(chart);
        Assert.Equal(
            [("key-01", "used", PostureSvgCharts.RiskColor(Severity.Critical)), ("key-01", "unused", "url(#scope-hatch-critical)"), ("key-02", "used", PostureSvgCharts.RiskColor(Severity.Low)), ("key-03", "scopes", PostureSvgCharts.RiskColor(Severity.High))],
            bars.Select(b => (b.Attribute("data-key")!.Value, b.Attribute("data-part")!.Value, b.Attribute("fill")!.Value)));
        // prod-sender: 3 used of 12, so the hatched part is three times the solid one.
        Assert.Equal(3 * Width(bars[0]), Width(bars[1]), precision: 0);
        Assert.Contains(chart.Descendants("pattern"), p => p.Attribute("id")!.Value == "scope-hatch-critical");
    }

    [Fact]
    public void Write_NoKeys_ChartsSayNoWorkspaceWasChecked()
    {
        var page = Parse(Render(SampleReports.WithoutKeys()));

        foreach (var id in new[] { "key-age-chart", "scope-risk-chart" })
        {
            var chart = ById(page, id);
            Assert.Equal("img", chart.Attribute("role")!.Value);
            Assert.Empty(Bars(chart));
            Assert.Contains("No workspace checked", chart.Element("text")!.Value, StringComparison.Ordinal);
            Assert.Contains("No workspace checked", chart.Attribute("aria-label")!.Value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Write_UnknownAge_SaysSoInsteadOfABar()
    {
        var report = SampleReports.Full() with { Keys = [new KeyFacts("legacy", "key-09", null, 2, null, Severity.Medium)] };

        var chart = ById(Parse(Render(report)), "key-age-chart");

        Assert.Empty(Bars(chart));
        Assert.Contains("age unknown", chart.Elements("text").Select(t => t.Value));
        Assert.Equal("Key age: 1 keys, 0 older than the 90-day limit, 1 of unknown age", chart.Attribute("aria-label")!.Value);
    }

    [Fact]
    public void Write_LongKeyName_IsShortenedOnTheAxisAndWholeInTheTooltip()
    {
        var name = new string('k', 40);
        var report = SampleReports.Full() with { Keys = [new KeyFacts(name, "key-10", 10, 2, 1, Severity.Low)] };

        var chart = ById(Parse(Render(report)), "key-age-chart");

        var label = chart.Elements("text").First(t => t.Attribute("text-anchor")?.Value == "end");
        Assert.Equal(new string('k', 16) + "\u2026", label.Nodes().OfType<XText>().Single().Value);
        Assert.Equal($"{name} (key-10)", label.Element("title")!.Value);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Write_NonPositiveLimit_Throws(int days)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Render(SampleReports.Full(), days));
    }

    internal static string Render(PostureReport report, int maxKeyAgeDays = PostureHtmlReport.DefaultMaxKeyAgeDays)
    {
        using var writer = new StringWriter();
        PostureHtmlReport.Write(report, writer, maxKeyAgeDays);
        return writer.ToString();
    }

    private static XDocument Parse(string html)
    {
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    private static XElement ById(XDocument page, string id) => page.Descendants().Single(e => e.Attribute("id")?.Value == id);

    private static XElement Row(XDocument page, string check) =>
        ById(page, "checklist").Descendants("tr").Single(r => r.Attribute("data-check")?.Value == check);

    private static XElement[] Bars(XElement chart) => [.. chart.Elements("rect").Where(r => r.Attribute("data-key") is not null)];

    private static double X(XElement element, string attribute) => double.Parse(element.Attribute(attribute)!.Value, System.Globalization.CultureInfo.InvariantCulture);

    private static double Width(XElement rect) => X(rect, "width");

    private static double Right(XElement rect) => X(rect, "x") + Width(rect);
}
