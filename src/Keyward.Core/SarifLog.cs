using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keyward.Core;

/// <summary>The SARIF 2.1.0 envelope of every report keyward writes (the scanner's and the checklist's): the schema,
/// the version and a run whose tool is keyward, so code scanning sees both uploads come from one tool.</summary>
public static class SarifLog
{
    /// <summary>The schema every log names.</summary>
    public const string Schema = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>Starts a run whose tool is keyward; the caller adds its results and anything else to it.</summary>
    /// <param name="toolVersion">keyward's version, written as the driver's <c>semanticVersion</c>.</param>
    /// <param name="rules">The driver's rules, which results point at by <c>ruleIndex</c>.</param>
    /// <returns>The run, with <c>tool</c> as its first property.</returns>
    public static JsonObject Run(string toolVersion, JsonArray rules) => new()
    {
        ["tool"] = new JsonObject
        {
            ["driver"] = new JsonObject
            {
                ["name"] = "keyward",
                ["semanticVersion"] = toolVersion,
                ["rules"] = rules,
            },
        },
    };

    /// <summary>Writes a log holding <paramref name="run"/>, indented, and a line break.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="run">A run started with <see cref="Run"/>.</param>
    public static void Write(TextWriter writer, JsonObject run)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var log = new JsonObject
        {
            ["$schema"] = Schema,
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(run),
        };
        writer.WriteLine(log.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
