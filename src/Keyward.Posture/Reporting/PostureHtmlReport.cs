using System.Globalization;
using System.Net;

namespace Keyward.Posture.Reporting;

/// <summary>Writes a <see cref="PostureReport"/> as one self-contained HTML page: the checklist and two inline SVG
/// charts (key age, scope risk).</summary>
/// <remarks>
/// <para>The page loads nothing: no script, stylesheet, font or image by URL, only inline CSS and inline SVG, so it
/// can be attached to a ticket or opened offline and it reveals nothing to a third party when opened. Its
/// Content-Security-Policy (<c>default-src 'none'</c>) makes a browser refuse any fetch and any script even if one
/// were injected. Every piece of report text is HTML-encoded.</para>
/// <para>Stable hooks for tests and scrapers: the checklist table is <c>#checklist</c> and each row carries
/// <c>data-check</c> (the id) and <c>data-status</c> (<c>pass</c>, <c>fail</c> or <c>skipped</c>); the charts are
/// <c>#key-age-chart</c> and <c>#scope-risk-chart</c>, and each bar carries <c>data-key</c> (the key id). The output
/// is well-formed XML as well as HTML. The class is stateless and thread-safe.</para>
/// </remarks>
public static class PostureHtmlReport
{
    /// <summary>The key-age limit drawn when none is given, in days (the policy default of <c>max-key-age</c>).</summary>
    public const int DefaultMaxKeyAgeDays = 90;

    private const string Css = """
        :root{color-scheme:light;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa}
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:#fff}
        header{display:flex;gap:28px;align-items:center;padding:24px 32px;border-bottom:1px solid var(--line);background:var(--soft)}
        .score{flex:none;width:116px;height:116px;border-radius:50%;display:flex;flex-direction:column;align-items:center;justify-content:center;color:#fff}
        .score b{font-size:42px;line-height:1}
        .score small{font-size:13px;opacity:.9}
        .score-good{background:#2b8a3e}.score-fair{background:#d9480f}.score-poor{background:#c92a2a}
        h1{margin:0 0 6px;font-size:24px}
        h2{font-size:18px;margin:0 0 12px}
        dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0}
        dl.meta dt{color:var(--muted)}
        dl.meta dd{margin:0;overflow-wrap:anywhere}
        .counts{margin:8px 0 0;font-weight:600}
        main{padding:24px 32px;max-width:1280px}
        .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:24px;margin-bottom:32px}
        figure{margin:0;padding:16px;border:1px solid var(--line);border-radius:8px;min-width:0}
        figcaption{margin-bottom:10px}
        figcaption b{display:block}
        figcaption span{color:var(--muted);font-size:13px}
        svg{display:block;max-width:100%;height:auto;font-family:system-ui,sans-serif}
        table{border-collapse:collapse;width:100%}
        th,td{text-align:left;vertical-align:top;padding:8px 10px;border-bottom:1px solid var(--line)}
        th{background:var(--soft);font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
        td.id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:nowrap}
        .badge{display:inline-block;min-width:52px;text-align:center;padding:2px 8px;border-radius:12px;font-size:12px;font-weight:700;color:#fff}
        .badge-pass{background:#2b8a3e}.badge-fail{background:#c92a2a}.badge-skipped{background:#868e96}
        .sev{font-size:13px;font-weight:600}
        .sev-critical{color:#c92a2a}.sev-high{color:#d9480f}.sev-medium{color:#b35c00}.sev-low{color:#1971c2}.sev-info{color:#59636e}
        tr[data-status="fail"] td{background:#fff5f5}
        tr[data-status="skipped"] td{color:var(--muted)}
        td p{margin:0}
        details{margin-top:6px}
        details summary{cursor:pointer;color:var(--muted);font-size:13px}
        ul.evidence{margin:4px 0 0;padding-left:20px;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
        .fix-label{margin-top:8px;font-size:13px;font-weight:600}
        pre.fix{margin:4px 0 0;white-space:pre-wrap;overflow-wrap:anywhere;background:#f1f3f5;border-left:3px solid #c92a2a;padding:8px 10px;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
        footer{padding:16px 32px;color:var(--muted);font-size:13px;border-top:1px solid var(--line)}
        """;

    /// <summary>Writes <paramref name="report"/> to <paramref name="writer"/> as an HTML page.</summary>
    /// <param name="report">The checklist's results.</param>
    /// <param name="writer">Where the page goes; write it as UTF-8 (the page declares that charset).</param>
    /// <param name="maxKeyAgeDays">The policy's maximum key age, drawn as the key-age chart's limit line; keys
    /// older than it are drawn in the warning colour.</param>
    /// <exception cref="ArgumentNullException"><paramref name="report"/> or <paramref name="writer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxKeyAgeDays"/> is not positive.</exception>
    public static void Write(PostureReport report, TextWriter writer, int maxKeyAgeDays = DefaultMaxKeyAgeDays)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxKeyAgeDays);
        var invariant = CultureInfo.InvariantCulture;
        var score = report.Score;
        var band = score >= 90 ? "good" : score >= 60 ? "fair" : "poor";

        writer.WriteLine("<!DOCTYPE html>");
        writer.WriteLine("<html lang=\"en\">");
        writer.WriteLine("<head>");
        writer.WriteLine("<meta charset=\"utf-8\"/>");
        writer.WriteLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>");
        // The page is data, never code: no fetch of any kind and no script, even one that slipped past encoding.
        writer.WriteLine("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/>");
        writer.WriteLine($"<meta name=\"generator\" content=\"keyward {E(ReportText.ToolVersion)}\"/>");
        writer.WriteLine(string.Create(invariant, $"<title>Keyward check: {score}/100, {E(report.Target)}</title>"));
        writer.WriteLine($"<style>\n{Css}\n</style>");
        writer.WriteLine("</head>");
        writer.WriteLine("<body>");

        writer.WriteLine("<header>");
        writer.WriteLine(string.Create(invariant, $"<div class=\"score score-{band}\" id=\"score\" role=\"img\" aria-label=\"Score {score} out of 100\"><b>{score}</b><small>/ 100</small></div>"));
        writer.WriteLine("<div>");
        writer.WriteLine("<h1>Keyward check</h1>");
        writer.WriteLine("<dl class=\"meta\">");
        writer.WriteLine($"<dt>Target</dt><dd id=\"target\">{E(report.Target)}</dd>");
        writer.WriteLine($"<dt>Environment</dt><dd id=\"environment\">{E(report.Environment)}</dd>");
        writer.WriteLine($"<dt>Generated</dt><dd><time datetime=\"{ReportText.IsoDate(report.GeneratedAt)}\">{ReportText.Date(report.GeneratedAt)}</time></dd>");
        writer.WriteLine("</dl>");
        writer.WriteLine($"<p class=\"counts\" id=\"counts\">{E(ReportText.Counts(report))}</p>");
        writer.WriteLine("</div>");
        writer.WriteLine("</header>");

        writer.WriteLine("<main>");
        writer.WriteLine("<section class=\"charts\" aria-label=\"Keys\">");
        writer.WriteLine("<figure>");
        writer.WriteLine(string.Create(invariant, $"<figcaption><b>Key age</b><span>Days since each key was created. Bars past the dashed line are older than the {maxKeyAgeDays}-day policy: rotate them.</span></figcaption>"));
        writer.WriteLine(PostureSvgCharts.KeyAge(report.Keys, maxKeyAgeDays));
        writer.WriteLine("</figure>");
        writer.WriteLine("<figure>");
        writer.WriteLine("<figcaption><b>Scope risk</b><span>Scopes each key holds, coloured by its riskiest scope. The hatched part is scopes its calls did not use: drop them.</span></figcaption>");
        writer.WriteLine(PostureSvgCharts.ScopeRisk(report.Keys));
        writer.WriteLine("</figure>");
        writer.WriteLine("</section>");

        writer.WriteLine("<section aria-labelledby=\"checklist-heading\">");
        writer.WriteLine("<h2 id=\"checklist-heading\">Checklist</h2>");
        writer.WriteLine("<table id=\"checklist\">");
        writer.WriteLine("<thead><tr><th scope=\"col\">Status</th><th scope=\"col\">Check</th><th scope=\"col\">Title</th><th scope=\"col\">Severity</th><th scope=\"col\">Summary</th></tr></thead>");
        writer.WriteLine("<tbody>");
        foreach (var result in report.Results)
        {
            WriteRow(writer, result);
        }

        writer.WriteLine("</tbody>");
        writer.WriteLine("</table>");
        writer.WriteLine("</section>");
        writer.WriteLine("</main>");
        writer.WriteLine($"<footer>Generated by keyward {E(ReportText.ToolVersion)} on {ReportText.Date(report.GeneratedAt)}. This page is self-contained: it loads nothing and runs no script.</footer>");
        writer.WriteLine("</body>");
        writer.WriteLine("</html>");
    }

    private static void WriteRow(TextWriter writer, CheckResult result)
    {
        var status = ReportText.Name(result.Status);
        var severity = ReportText.Name(result.Severity);
        writer.Write($"<tr data-check=\"{E(result.Id)}\" data-status=\"{status}\">");
        writer.Write($"<td><span class=\"badge badge-{status}\">{ReportText.Label(result.Status)}</span></td>");
        writer.Write($"<td class=\"id\">{E(result.Id)}</td>");
        writer.Write($"<td>{E(result.Title)}</td>");
        writer.Write($"<td><span class=\"sev sev-{severity}\">{severity}</span></td>");
        writer.Write($"<td><p>{E(result.Summary)}</p>");
        if (result.Evidence.Count > 0)
        {
            // Evidence is open on a failure (it is what to act on) and folded on a pass (it is what was looked at).
            var open = result.Status == CheckStatus.Fail ? " open=\"open\"" : string.Empty;
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"<details{open}><summary>Evidence ({result.Evidence.Count})</summary><ul class=\"evidence\">"));
            foreach (var line in result.Evidence)
            {
                writer.Write($"<li>{E(line)}</li>");
            }

            writer.Write("</ul></details>");
        }

        if (result.Status == CheckStatus.Fail && !string.IsNullOrWhiteSpace(result.Fix))
        {
            writer.Write($"<div class=\"fix-label\">Fix</div><pre class=\"fix\"><code>{E(result.Fix)}</code></pre>");
        }

        writer.WriteLine("</td></tr>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
