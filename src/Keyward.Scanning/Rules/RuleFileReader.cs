using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace Keyward.Scanning.Rules;

/// <summary>Reads a rules file, YAML with kebab-case keys, into a <see cref="RuleFile"/>. Malformed YAML, an unknown
/// key or a value of the wrong shape is an error naming the source, the line and the problem.</summary>
/// <remarks>
/// <para>Reads YamlDotNet's representation model rather than its reflection-based deserializer, which trimming and
/// Native AOT break, and reads what that deserializer read: a plain empty, <c>~</c>, <c>null</c>, <c>Null</c> or
/// <c>NULL</c> is null, and a null value is the same as leaving the key out; any other scalar is its text; numbers
/// are parsed as YamlDotNet parses them (<c>_</c> groups digits); anchors and aliases resolve. A key given twice is
/// an error, and so is a tag other than <c>!!str</c>.</para>
/// <para>Shared with eng/RuleRegexGenerator, which reads Rules/rules.yaml with it at build time, so the built-in
/// rules and a <c>--rules</c> file are read alike.</para>
/// </remarks>
internal static class RuleFileReader
{
    private const string StringTag = "tag:yaml.org,2002:str";

    /// <summary>Reads <paramref name="yaml"/>.</summary>
    /// <param name="yaml">The file's text.</param>
    /// <param name="source">The file's name, for error messages.</param>
    /// <returns>The file as written; an empty one for an empty document.</returns>
    /// <exception cref="InvalidDataException">The text is not a rules file; the message names the line.</exception>
    public static RuleFile Read(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{source}: line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }

        var reader = new Reader(source);
        if (stream.Documents.Count > 1)
        {
            throw reader.Problem(stream.Documents[1].RootNode, "a rules file is a single YAML document");
        }

        return stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode) ? new RuleFile() : reader.File(stream.Documents[0].RootNode);
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Tag.IsEmpty: true, Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private sealed class Reader(string source)
    {
        public RuleFile File(YamlNode node)
        {
            var file = new RuleFile();
            Fields(node, "at the top level", new()
            {
                ["allowlist"] = value => file.Allowlist = Strings(value, "allowlist"),
                ["rules"] = value => file.Rules = [.. Items(value, "rules").Select(Rule)],
            });
            return file;
        }

        public InvalidDataException Problem(YamlNode node, string problem) => new($"{source}: line {node.Start.Line}: {problem}");

        private RuleDefinition Rule(YamlNode node)
        {
            var rule = new RuleDefinition();
            Fields(node, "in a rule", new()
            {
                ["id"] = value => rule.Id = Text(value, "id"),
                ["description"] = value => rule.Description = Text(value, "description"),
                ["severity"] = value => rule.Severity = Text(value, "severity"),
                ["keywords"] = value => rule.Keywords = Strings(value, "keywords"),
                ["scope"] = value => rule.Scope = Text(value, "scope"),
                ["regex"] = value => rule.Regex = Text(value, "regex"),
                ["entropy"] = value => rule.Entropy = Number(value, "entropy"),
                ["validator"] = value => rule.Validator = Text(value, "validator"),
                ["allowlist"] = value => rule.Allowlist = Strings(value, "allowlist"),
                ["ignore-paths"] = value => rule.IgnorePaths = Strings(value, "ignore-paths"),
                ["verify"] = value => rule.Verify = Text(value, "verify"),
                ["samples"] = value => rule.Samples = Samples(value),
            });
            return rule;
        }

        private SampleDefinition Samples(YamlNode node)
        {
            var samples = new SampleDefinition();
            Fields(node, "in samples", new()
            {
                ["positive"] = value => samples.Positive = Strings(value, "positive"),
                ["negative"] = value => samples.Negative = Strings(value, "negative"),
            });
            return samples;
        }

        /// <summary>Reads a mapping with the keys of <paramref name="fields"/>, each read by its action unless null.</summary>
        private void Fields(YamlNode node, string where, Dictionary<string, Action<YamlNode>> fields)
        {
            var known = string.Join(", ", fields.Keys);
            var mapping = Untagged(node) as YamlMappingNode ?? throw Problem(node, $"expected a mapping with the keys {known}");
            foreach (var (key, value) in mapping.Children)
            {
                var name = Untagged(key) is YamlScalarNode { Value: { } text } ? text : key.ToString();
                if (!fields.TryGetValue(name, out var read))
                {
                    throw Problem(key, $"unknown key '{name}' {where}; known: {known}");
                }

                if (!IsNull(value))
                {
                    read(value);
                }
            }
        }

        private IEnumerable<YamlNode> Items(YamlNode node, string key) =>
            Untagged(node) as YamlSequenceNode ?? throw Problem(node, $"'{key}' must be a list");

        private List<string> Strings(YamlNode node, string key) =>
            [.. Items(node, key).Select(item => IsNull(item) ? throw Problem(item, $"'{key}' must be a list of text values, not null") : Text(item, key))];

        private string Text(YamlNode node, string key) =>
            Untagged(node) is YamlScalarNode { Value: { } text } ? text : throw Problem(node, $"'{key}' must be text, not a list or mapping");

        private double Number(YamlNode node, string key)
        {
            var text = Text(node, key);
            return double.TryParse(text, NumberStyles.Float | NumberStyles.AllowThousands, YamlFormatter.Default.NumberFormat, out var number)
                ? number
                : throw Problem(node, $"'{key}' must be a number, not '{text}'");
        }

        /// <summary>Returns <paramref name="node"/> when it has no tag (<c>!!str</c> on a scalar is allowed).</summary>
        private YamlNode Untagged(YamlNode node) =>
            node.Tag.IsEmpty || (node is YamlScalarNode && node.Tag.Value == StringTag) ? node : throw Problem(node, $"tag '{node.Tag}' is not supported");
    }
}
