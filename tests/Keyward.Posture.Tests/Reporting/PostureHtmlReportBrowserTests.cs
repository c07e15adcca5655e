using System.Globalization;
using System.Text.RegularExpressions;
using Keyward.Core;
using Keyward.Posture.Reporting;
using Keyward.Tests.Shared;

namespace Keyward.Posture.Tests.Reporting;

/// <summary>The HTML report rendered by a real browser: what a person opening the file sees.</summary>
public class PostureHtmlReportBrowserTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [ChromiumFact]
    public void Render_InHeadlessChromium_DomHasTheChecklistAndBothChartsWithTheirBars()
    {
        using var directory = new TempDirectory();
        var page = directory.Write("check.html", PostureHtmlReportTests.Render(SampleReports.Full()));

        var dom = Chromium.Run(new Uri(page).AbsoluteUri, Timeout, "--dump-dom");

        var rows = Regex.Matches(dom, @"<tr\b[^>]*\bdata-check=""(KW\d{3})""[^>]*\bdata-status=""(pass|fail|skipped)""");
        Assert.Equal(Enumerable.Range(1, 11).Select(i => $"KW{i:000}"), rows.Select(m => m.Groups[1].Value));
        Assert.Contains("<table id=\"checklist\">", dom, StringComparison.Ordinal);
        foreach (var chart in new[] { "key-age-chart", "scope-risk-chart" })
        {
            var svg = Element(dom, "svg", chart);
            Assert.Matches(@"^<svg\b[^>]*\brole=""img""", svg);
            Assert.Contains("<title>", svg, StringComparison.Ordinal);
            var keyBars = Regex.Matches(svg, @"<rect\b[^>]*\bdata-key=""([^""]+)""").Select(m => m.Groups[1].Value).Distinct().ToArray();
            Assert.Equal(["key-01", "key-02", "key-03"], keyBars);
            Assert.True(Regex.Count(svg, "<rect") >= 3);
        }

        // Nothing in the browser's DOM that the page did not ship: no script or external resource got in.
        Assert.DoesNotMatch(new Regex(@"<(?:script|link|img|iframe)\b|\b(?:src|href)=", RegexOptions.IgnoreCase), dom);
    }

    [ChromiumFact]
    public void Render_InHeadlessChromium_ScreenshotShowsTheBarsInTheirColours()
    {
        using var directory = new TempDirectory();
        var page = directory.Write("check.html", PostureHtmlReportTests.Render(SampleReports.Full()));
        var screenshot = Path.Combine(directory.Path, "check.png");

        Chromium.Run(new Uri(page).AbsoluteUri, Timeout, $"--screenshot={screenshot}", "--window-size=1200,2000");

        Assert.True(File.Exists(screenshot), "chromium wrote no screenshot");
        var bytes = File.ReadAllBytes(screenshot);
        Assert.True(bytes.Length > 20_000, $"screenshot is only {bytes.Length} bytes");
        var image = PngImage.Decode(bytes);
        Assert.Equal((1200, 2000), (image.Width, image.Height));
        Assert.True(image.AllRgb().Distinct().Count() > 50, "the screenshot is (nearly) one colour");
        // The bars, as drawn: two keys past 90 days in the warning colour, one within it, and the scope bars by
        // risk. A bar is 16 px high and tens of pixels wide, so each colour covers hundreds of pixels.
        Assert.True(image.Count(Rgb(PostureSvgCharts.AgeOverColor)) > 1_000, "no over-limit age bars in the screenshot");
        Assert.True(image.Count(Rgb(PostureSvgCharts.AgeWithinColor)) > 300, "no within-limit age bar in the screenshot");
        Assert.True(image.Count(Rgb(PostureSvgCharts.RiskColor(Severity.High))) > 300, "no high-risk scope bar in the screenshot");
        Assert.True(image.Count(Rgb(PostureSvgCharts.RiskColor(Severity.Low))) > 300, "no low-risk scope bar in the screenshot");
    }

    /// <summary>The outer HTML of the first <paramref name="name"/> element with that id, up to its closing tag.</summary>
    private static string Element(string dom, string name, string id)
    {
        var start = Regex.Match(dom, $@"<{name}\b[^>]*\bid=""{Regex.Escape(id)}""");
        Assert.True(start.Success, $"no <{name} id=\"{id}\"> in the rendered DOM");
        var end = dom.IndexOf($"</{name}>", start.Index, StringComparison.Ordinal);
        Assert.True(end > start.Index, $"<{name} id=\"{id}\"> is not closed");
        return dom[start.Index..(end + name.Length + 3)];
    }

    private static int Rgb(string hex) => int.Parse(hex.TrimStart('#'), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
