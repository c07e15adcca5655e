using System.Globalization;
using System.Net;
using System.Text;
using Keyward.Core;

namespace Keyward.Posture.Reporting;

/// <summary>The HTML report's two charts, drawn as inline SVG with no script and no external reference.</summary>
/// <remarks>
/// Colours are SVG attributes rather than CSS, so a chart copied out of the page keeps them. Every bar has a
/// <c>&lt;title&gt;</c> (a tooltip, and what a screen reader reads) and <c>data-key</c> with the key id, and each
/// chart has <c>role="img"</c> with an <c>aria-label</c> that states what it shows in one sentence.
/// </remarks>
internal static class PostureSvgCharts
{
    /// <summary>The id of the key-age chart's svg element.</summary>
    public const string KeyAgeId = "key-age-chart";

    /// <summary>The id of the scope-risk chart's svg element.</summary>
    public const string ScopeRiskId = "scope-risk-chart";

    /// <summary>The fill of an age bar within the limit.</summary>
    public const string AgeWithinColor = "#4c6ef5";

    /// <summary>The warning fill of an age bar past the limit.</summary>
    public const string AgeOverColor = "#f76707";

    private const int Width = 560;
    private const int LabelWidth = 150;
    private const int Row = 28;
    private const int Bar = 16;
    private const int AxisHeight = 26;
    private const int MaxLabel = 17;
    private const string NoKeys = "No workspace checked: there are no keys to chart.";

    private static readonly Severity[] RiskOrder = [Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Info];

    /// <summary>The fill for a key whose riskiest scope is <paramref name="risk"/>.</summary>
    public static string RiskColor(Severity risk) => risk switch
    {
        Severity.Critical => "#c92a2a",
        Severity.High => "#e8590c",
        Severity.Medium => "#f59f00",
        Severity.Low => "#1c7ed6",
        _ => "#868e96",
    };

    /// <summary>One horizontal bar per key's age, a dashed line at the limit, and bars past it in the warning colour.</summary>
    public static string KeyAge(IReadOnlyList<KeyFacts> keys, int maxAgeDays)
    {
        if (keys.Count == 0)
        {
            return Empty(KeyAgeId, "Key age");
        }

        var svg = new StringBuilder();
        var over = keys.Count(k => k.AgeDays > maxAgeDays);
        var unknown = keys.Count(k => k.AgeDays is null);
        const int top = 34;
        const int right = 56;
        var height = top + (keys.Count * Row) + AxisHeight;
        var (scaleMax, step) = Scale(Math.Max(maxAgeDays, keys.Max(k => k.AgeDays ?? 0)));
        double X(double value) => LabelWidth + (value * (Width - LabelWidth - right) / scaleMax);

        var label = Invariant($"Key age: {keys.Count} keys, {over} older than the {maxAgeDays}-day limit")
            + (unknown > 0 ? Invariant($", {unknown} of unknown age") : string.Empty);
        Open(svg, KeyAgeId, height, label, Invariant($"Age of each key in days; the dashed line is the {maxAgeDays}-day policy limit"));
        Axis(svg, top, keys.Count, scaleMax, step, X, "days");

        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            var y = top + (i * Row) + ((Row - Bar) / 2);
            Name(svg, key, y);
            if (key.AgeDays is not { } age)
            {
                svg.Append(Invariant($"<text x=\"{LabelWidth + 4}\" y=\"{y + 12}\" fill=\"#868e96\" font-style=\"italic\">age unknown</text>"));
                continue;
            }

            var isOver = age > maxAgeDays;
            var end = X(Math.Max(age, 0));
            svg.Append(Invariant($"<rect x=\"{LabelWidth}\" y=\"{y}\" width=\"{Num(Math.Max(end - LabelWidth, 1))}\" height=\"{Bar}\" rx=\"2\" fill=\"{(isOver ? AgeOverColor : AgeWithinColor)}\" data-key=\"{E(key.Id)}\" data-over-limit=\"{(isOver ? "true" : "false")}\">"))
                .Append("<title>").Append(E(Invariant($"{key.Name} ({key.Id}): {age} days old{(isOver ? $", past the {maxAgeDays}-day limit" : string.Empty)}"))).Append("</title></rect>")
                .Append(Invariant($"<text x=\"{Num(end + 6)}\" y=\"{y + 12}\" fill=\"#343a40\">{age} d</text>"));
        }

        var limit = X(maxAgeDays);
        svg.Append(Invariant($"<line x1=\"{Num(limit)}\" x2=\"{Num(limit)}\" y1=\"{top - 10}\" y2=\"{top + (keys.Count * Row)}\" stroke=\"#212529\" stroke-width=\"2\" stroke-dasharray=\"5 3\" data-limit=\"{maxAgeDays}\"/>"))
            .Append(Invariant($"<text x=\"{Num(limit)}\" y=\"{top - 14}\" text-anchor=\"middle\" font-weight=\"600\" fill=\"#212529\">{maxAgeDays}-day limit</text>"))
            .Append("</svg>");
        return svg.ToString();
    }

    /// <summary>One bar per key's scope count, coloured by its riskiest scope, with the unused part hatched.</summary>
    public static string ScopeRisk(IReadOnlyList<KeyFacts> keys)
    {
        if (keys.Count == 0)
        {
            return Empty(ScopeRiskId, "Scope risk");
        }

        var svg = new StringBuilder();
        const int top = 44;
        const int right = 140;
        var height = top + (keys.Count * Row) + AxisHeight;
        var (scaleMax, step) = Scale(Math.Max(1, keys.Max(k => k.Scopes)));
        double X(double value) => LabelWidth + (value * (Width - LabelWidth - right) / scaleMax);

        var risky = keys.Count(k => k.Risk >= Severity.High);
        var unused = keys.Where(k => k.UnusedScopes is not null).Sum(k => Math.Clamp(k.UnusedScopes!.Value, 0, k.Scopes));
        var label = Invariant($"Scope risk: {keys.Count} keys, {risky} holding high or critical scopes, {unused} scopes unused");
        Open(svg, ScopeRiskId, height, label, "Scopes each key holds, coloured by its riskiest scope; the hatched part is scopes its calls did not use");

        svg.Append("<defs>");
        foreach (var risk in RiskOrder)
        {
            var color = RiskColor(risk);
            svg.Append(Invariant($"<pattern id=\"scope-hatch-{ReportText.Name(risk)}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"))
                .Append(Invariant($"<rect width=\"6\" height=\"6\" fill=\"{color}\" fill-opacity=\"0.18\"/><rect width=\"2.5\" height=\"6\" fill=\"{color}\"/></pattern>"));
        }

        svg.Append("</defs>");

        // The legend: one swatch per risk level, then the hatch that marks unused scopes.
        var legendX = 0;
        foreach (var risk in RiskOrder)
        {
            svg.Append(Invariant($"<rect x=\"{legendX}\" y=\"6\" width=\"12\" height=\"12\" rx=\"2\" fill=\"{RiskColor(risk)}\"/>"))
                .Append(Invariant($"<text x=\"{legendX + 16}\" y=\"16\" fill=\"#343a40\">{ReportText.Name(risk)}</text>"));
            legendX += 78;
        }

        svg.Append(Invariant($"<rect x=\"{legendX}\" y=\"6\" width=\"12\" height=\"12\" rx=\"2\" fill=\"url(#scope-hatch-info)\" stroke=\"#868e96\"/>"))
            .Append(Invariant($"<text x=\"{legendX + 16}\" y=\"16\" fill=\"#343a40\">unused</text>"));

        Axis(svg, top, keys.Count, scaleMax, step, X, "scopes");
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            var y = top + (i * Row) + ((Row - Bar) / 2);
            Name(svg, key, y);
            if (key.Scopes <= 0)
            {
                svg.Append(Invariant($"<text x=\"{LabelWidth + 4}\" y=\"{y + 12}\" fill=\"#868e96\" font-style=\"italic\">no scopes</text>"));
                continue;
            }

            var color = RiskColor(key.Risk);
            var risk = ReportText.Name(key.Risk);
            int? idle = key.UnusedScopes is { } u ? Math.Clamp(u, 0, key.Scopes) : null;
            var used = key.Scopes - (idle ?? 0);
            var usedEnd = X(used);
            var end = X(key.Scopes);
            var summary = Invariant($"{key.Name} ({key.Id}): {key.Scopes} scopes, riskiest {risk}")
                + (idle is { } n ? Invariant($", {n} unused") : ", use unknown");
            if (used > 0)
            {
                svg.Append(Invariant($"<rect x=\"{LabelWidth}\" y=\"{y}\" width=\"{Num(usedEnd - LabelWidth)}\" height=\"{Bar}\" fill=\"{color}\" data-key=\"{E(key.Id)}\" data-part=\"{(idle is null ? "scopes" : "used")}\" data-risk=\"{risk}\">"))
                    .Append("<title>").Append(E(summary)).Append("</title></rect>");
            }

            if (idle is > 0)
            {
                svg.Append(Invariant($"<rect x=\"{Num(usedEnd)}\" y=\"{y}\" width=\"{Num(end - usedEnd)}\" height=\"{Bar}\" fill=\"url(#scope-hatch-{risk})\" stroke=\"{color}\" data-key=\"{E(key.Id)}\" data-part=\"unused\" data-risk=\"{risk}\">"))
                    .Append("<title>").Append(E(summary)).Append("</title></rect>");
            }

            var text = Invariant($"{key.Scopes} scope{(key.Scopes == 1 ? string.Empty : "s")}") + (idle is { } m ? Invariant($", {m} unused") : string.Empty);
            svg.Append(Invariant($"<text x=\"{Num(end + 6)}\" y=\"{y + 12}\" fill=\"#343a40\">{text}</text>"));
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Open(StringBuilder svg, string id, int height, string label, string title) =>
        svg.Append(Invariant($"<svg id=\"{id}\" role=\"img\" aria-label=\"{E(label)}\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" font-size=\"12\">"))
            .Append("<title>").Append(E(title)).Append("</title>");

    private static string Empty(string id, string what)
    {
        var svg = new StringBuilder();
        Open(svg, id, 48, $"{what}: {NoKeys}", $"{what}: {NoKeys}");
        svg.Append("<text x=\"0\" y=\"28\" font-size=\"15\" fill=\"#59636e\" font-style=\"italic\">").Append(E(NoKeys)).Append("</text></svg>");
        return svg.ToString();
    }

    /// <summary>Vertical gridlines with their values under the rows, and the unit at the right.</summary>
    private static void Axis(StringBuilder svg, int top, int rows, int scaleMax, int step, Func<double, double> x, string unit)
    {
        var bottom = top + (rows * Row);
        for (var tick = 0; tick <= scaleMax; tick += step)
        {
            var at = Num(x(tick));
            svg.Append(Invariant($"<line x1=\"{at}\" x2=\"{at}\" y1=\"{top - 4}\" y2=\"{bottom}\" stroke=\"#dee2e6\"/>"))
                .Append(Invariant($"<text x=\"{at}\" y=\"{bottom + 16}\" text-anchor=\"middle\" fill=\"#59636e\">{tick}</text>"));
        }

        svg.Append(Invariant($"<text x=\"{Num(x(scaleMax) + 22)}\" y=\"{bottom + 16}\" fill=\"#59636e\">{unit}</text>"));
    }

    private static void Name(StringBuilder svg, KeyFacts key, int y)
    {
        var name = key.Name.Length <= MaxLabel ? key.Name : string.Concat(key.Name.AsSpan(0, char.IsHighSurrogate(key.Name[MaxLabel - 2]) ? MaxLabel - 2 : MaxLabel - 1), "\u2026");
        svg.Append(Invariant($"<text x=\"{LabelWidth - 8}\" y=\"{y + 12}\" text-anchor=\"end\" fill=\"#1f2328\">"))
            .Append(E(name)).Append("<title>").Append(E($"{key.Name} ({key.Id})")).Append("</title></text>");
    }

    /// <summary>A round axis maximum at or above <paramref name="max"/> and a tick step giving at most six ticks.</summary>
    private static (int Max, int Step) Scale(int max)
    {
        int[] steps = [1, 2, 5, 10, 15, 30, 60, 90, 120, 180, 365, 730, 1825, 3650];
        var padded = Math.Max(1, (int)Math.Ceiling(max * 1.05));
        var step = steps.FirstOrDefault(s => padded <= s * 6, (padded / 6) + 1);
        return ((padded + step - 1) / step * step, step);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Num(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
