using System.Text.Json.Nodes;
using Keyward.Core.Serialization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Keyward.Cli;

/// <summary>Where a command writes: tables for people, stable JSON for machines, errors to stderr.</summary>
/// <remarks>Colour and box drawing appear only when stdout is a terminal, so pipes and files get plain text.</remarks>
public sealed class CliConsole
{
    // Created on first use: building Spectre's console costs start-up time that scan and the pre-commit hook never need.
    private readonly Lazy<IAnsiConsole> _console;

    /// <summary>Initializes a new instance of the <see cref="CliConsole"/> class.</summary>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="isTerminal">Whether <paramref name="output"/> is an interactive terminal.</param>
    /// <param name="input">Standard input, for values that must not travel on the command line; empty when null.</param>
    /// <param name="isInputTerminal">Whether <paramref name="input"/> is an interactive terminal, where a person can
    /// answer a confirmation question.</param>
    public CliConsole(TextWriter output, TextWriter error, bool isTerminal, TextReader? input = null, bool isInputTerminal = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        Input = input ?? TextReader.Null;
        Output = output;
        Error = error;
        IsTerminal = isTerminal;
        IsInputTerminal = isInputTerminal;
        _console = new Lazy<IAnsiConsole>(() =>
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
                ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
                Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
                Out = new AnsiConsoleOutput(output),
            });
            if (!isTerminal)
            {
                // Pipes and files have no width; keep rows on one line so grep and diff work.
                console.Profile.Width = 240;
            }

            return console;
        });
    }

    /// <summary>Gets standard input.</summary>
    public TextReader Input { get; }

    /// <summary>Gets standard output.</summary>
    public TextWriter Output { get; }

    /// <summary>Gets standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>Gets a value indicating whether standard output is a terminal.</summary>
    public bool IsTerminal { get; }

    /// <summary>Gets a value indicating whether standard input is a terminal, so a command may ask a person to confirm
    /// a change; piped input is data, never an answer.</summary>
    public bool IsInputTerminal { get; }

    /// <summary>Writes a line of plain text to stdout; unwrapped on a pipe or file, whatever its length, so grep and
    /// scripts see whole lines.</summary>
    /// <param name="text">The text; never interpreted as markup.</param>
    public void Line(string text = "")
    {
        if (IsTerminal)
        {
            _console.Value.WriteLine(text);
        }
        else
        {
            Output.WriteLine(text);
        }
    }

    /// <summary>Writes a heading.</summary>
    /// <param name="text">The text.</param>
    public void Heading(string text) => _console.Value.Write(new Text(text + Environment.NewLine, new Style(decoration: Decoration.Bold)));

    /// <summary>Writes a renderable such as a table.</summary>
    /// <param name="renderable">What to draw.</param>
    public void Write(IRenderable renderable) => _console.Value.Write(renderable);

    /// <summary>Writes a JSON tree as indented JSON with <see cref="KeywardJson.Options"/>.</summary>
    /// <remarks>Output is built as a tree rather than serialized from objects: Native AOT has no reflection-based
    /// serializer, and cannot source-generate anonymous types. Name properties in camelCase, write enums with
    /// <see cref="KeywardJson.EnumValue{TEnum}(TEnum)"/> and leave null properties out
    /// (<see cref="JsonTree.WithoutNulls(JsonObject)"/>), as the options would.</remarks>
    /// <param name="value">The value.</param>
    public void Json(JsonNode value) => Output.WriteLine(value.ToJsonString(KeywardJson.Options));

    /// <summary>Creates a table that draws borders only on a terminal.</summary>
    /// <param name="columns">The column headers.</param>
    /// <returns>The table.</returns>
    public Table Table(params string[] columns)
    {
        var table = new Table { Border = IsTerminal ? TableBorder.Rounded : TableBorder.None };
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column, new Style(decoration: Decoration.Bold))));
        }

        return table;
    }

    /// <summary>Colours text by severity on a terminal.</summary>
    /// <param name="text">The text.</param>
    /// <param name="severity">The severity.</param>
    /// <returns>A renderable cell.</returns>
    public static Text Severity(string text, Core.Severity severity) => new(text, new Style(severity switch
    {
        Core.Severity.Critical => Color.Red,
        Core.Severity.High => Color.Orange1,
        Core.Severity.Medium => Color.Yellow,
        Core.Severity.Low => Color.Green,
        _ => Color.Default,
    }));
}
