using Spectre.Console;

namespace Keyward.Cli;

/// <summary>Adds table rows as plain text. Spectre's <c>AddRow(string...)</c> parses markup, so a key name such as
/// <c>crm [keyward kwrot-1]</c>, a file path or an audit actor with brackets would fail to render, or style itself.</summary>
internal static class TableRows
{
    public static Table AddTextRow(this Table table, params string[] cells) =>
        table.AddRow(cells.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(cell)).ToArray());
}
