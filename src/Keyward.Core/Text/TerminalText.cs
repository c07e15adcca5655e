using System.Globalization;

namespace Keyward.Core.Text;

/// <summary>Text that came from outside (a webhook's event type, an exception's message) made safe to print on one
/// terminal line. Control characters could move the cursor, recolour or clear the screen (escape sequences) or start
/// a forged line; line and paragraph separators break the line too; bidirectional controls (U+202E and its kin) make
/// a line read differently from what it holds.</summary>
public static class TerminalText
{
    /// <summary>Gets <paramref name="text"/> with each control, separator and bidirectional control character
    /// replaced by a space; the same string when it has none.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The printable form.</returns>
    public static string OneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return !text.Any(IsUnsafe)
            ? text
            : string.Create(text.Length, text, static (span, source) =>
            {
                for (var i = 0; i < source.Length; i++)
                {
                    span[i] = IsUnsafe(source[i]) ? ' ' : source[i];
                }
            });
    }

    /// <summary>Gets whether <paramref name="c"/> is a control (C0, DEL, C1), a line or paragraph separator, or a
    /// bidirectional mark, embedding, override or isolate.</summary>
    /// <param name="c">The character.</param>
    /// <returns>Whether it must not reach a terminal as it is.</returns>
    public static bool IsUnsafe(char c) =>
        BreaksLine(c) || c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>Gets whether <paramref name="c"/> is a control (C0, DEL, C1) or a line or paragraph separator: the
    /// unsafe characters no name or label has a use for, where a bidirectional mark may belong to right-to-left
    /// text.</summary>
    /// <param name="c">The character.</param>
    /// <returns>Whether it would break or drive the line it is printed on.</returns>
    public static bool BreaksLine(char c) =>
        char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
