using System.Globalization;
using System.Text;

namespace Keyward.Posture.Reporting;

/// <summary>Writes a <see cref="PostureReport"/> as GitHub-flavoured Markdown, for a pull-request comment.</summary>
/// <remarks>
/// The comment has a heading with the score, one table row per check (PASS, FAIL or SKIP as plain words, so it
/// reads the same without emoji or colour), then a Fixes section: each failed check, worst first, with its
/// evidence and its fix in a code block that can be copied. Every piece of report text is escaped, so a path or a
/// summary cannot break the table (<c>|</c>, newlines) or inject markup, links or HTML into the comment. Evidence
/// is capped at <see cref="MaxEvidencePerCheck"/> lines per check, to stay far below the 65,536 characters GitHub
/// accepts in a comment; the JSON and HTML reports carry all of it. The class is stateless and thread-safe.
/// </remarks>
public static class PostureMarkdownReport
{
    /// <summary>The most evidence lines listed per failed check; the rest are counted.</summary>
    public const int MaxEvidencePerCheck = 20;

    /// <summary>Writes <paramref name="report"/> to <paramref name="writer"/>.</summary>
    /// <param name="report">The checklist's results.</param>
    /// <param name="writer">Where the Markdown goes.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(PostureReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        var invariant = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Create(invariant, $"## Keyward check: score {report.Score}/100"));
        writer.WriteLine();
        writer.WriteLine($"**Target:** {Inline(report.Target)}  ");
        writer.WriteLine($"**Environment:** {Inline(report.Environment)}  ");
        writer.WriteLine($"**Generated:** {ReportText.Date(report.GeneratedAt)}  ");
        writer.WriteLine($"**Checks:** {ReportText.Counts(report)}");
        writer.WriteLine();
        if (report.Results.Count == 0)
        {
            writer.WriteLine("No checks ran.");
            return;
        }

        writer.WriteLine("| Status | Check | Title | Severity | Summary |");
        writer.WriteLine("|---|---|---|---|---|");
        foreach (var result in report.Results)
        {
            writer.WriteLine($"| {ReportText.Label(result.Status)} | {Cell(result.Id)} | {Cell(result.Title)} | {ReportText.Name(result.Severity)} | {Cell(result.Summary)} |");
        }

        writer.WriteLine();
        writer.WriteLine("### Fixes");
        writer.WriteLine();
        var failed = ReportText.FailedWorstFirst(report).ToArray();
        if (failed.Length == 0)
        {
            writer.WriteLine("No check failed.");
            return;
        }

        foreach (var result in failed)
        {
            writer.WriteLine($"#### {Inline(result.Id)} {Inline(result.Title)} ({ReportText.Name(result.Severity)})");
            writer.WriteLine();
            writer.WriteLine(Inline(result.Summary));
            writer.WriteLine();
            if (result.Evidence.Count > 0)
            {
                foreach (var line in result.Evidence.Take(MaxEvidencePerCheck))
                {
                    writer.WriteLine($"- {Inline(line)}");
                }

                if (result.Evidence.Count > MaxEvidencePerCheck)
                {
                    writer.WriteLine(string.Create(invariant, $"- and {result.Evidence.Count - MaxEvidencePerCheck} more (the JSON and HTML reports list all)"));
                }

                writer.WriteLine();
            }

            if (!string.IsNullOrWhiteSpace(result.Fix))
            {
                WriteCodeBlock(writer, result.Fix);
                writer.WriteLine();
            }
        }
    }

    /// <summary>Text inside a table cell: inline escaping, and line breaks as <c>&lt;br&gt;</c> (a newline would end the row).</summary>
    private static string Cell(string text) => Escape(text, "<br>");

    /// <summary>Text in a paragraph, heading or list item: inline escaping, line breaks folded to spaces, and a
    /// leading character escaped where it would start a block (a list, a setext underline, an ordered list).</summary>
    private static string Inline(string text)
    {
        var escaped = Escape(text, " ").TrimStart(' ');
        if (escaped.Length > 0 && escaped[0] is '-' or '+' or '=')
        {
            return "\\" + escaped;
        }

        var digits = 0;
        while (digits < escaped.Length && char.IsAsciiDigit(escaped[digits]))
        {
            digits++;
        }

        return digits > 0 && digits < escaped.Length && escaped[digits] is '.' or ')'
            ? string.Concat(escaped.AsSpan(0, digits), "\\", escaped.AsSpan(digits))
            : escaped;
    }

    /// <summary>Backslash-escapes the ASCII punctuation Markdown gives a meaning to inline (CommonMark 2.4 allows
    /// escaping any of it), so report text is shown as written: no emphasis, links, autolinks, HTML or entities, and
    /// a <c>|</c> stays inside its table cell (GFM tables honour <c>\|</c>).</summary>
    private static string Escape(string text, string lineBreak)
    {
        var builder = new StringBuilder(text.Length + 8);
        var normalized = text.ReplaceLineEndings("\n").Trim('\n');
        foreach (var c in normalized)
        {
            switch (c)
            {
                case '\n':
                    builder.Append(lineBreak);
                    break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '~' or '&' or '#' or '!':
                    builder.Append('\\').Append(c);
                    break;
                case '\t':
                    builder.Append(' ');
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>A fenced block one backtick longer than any backtick run inside, so the fix cannot close it early.</summary>
    private static void WriteCodeBlock(TextWriter writer, string code)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in code)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', Math.Max(3, longest + 1));
        writer.WriteLine(fence + "text");
        writer.WriteLine(code.ReplaceLineEndings("\n").Trim('\n'));
        writer.WriteLine(fence);
    }
}
