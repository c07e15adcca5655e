using System.Text.Json;

namespace Keyward.Bench.Corpus.Checking;

/// <summary>Reads keyward, gitleaks and trufflehog reports into <see cref="ToolFinding"/>s.</summary>
internal static class ReportReader
{
    public static IReadOnlyList<ToolFinding> Read(string tool, string path, TextWriter log) => tool switch
    {
        "keyward" => ReadKeyward(path, log),
        "gitleaks" => ReadGitleaks(path),
        "trufflehog" => ReadTrufflehog(path),
        _ => throw new UsageException($"--tool must be keyward, gitleaks or trufflehog, not '{tool}'"),
    };

    // {"findings":[{"ruleId","path","secret":{"preview","length","value"?}, ...}]}
    private static List<ToolFinding> ReadKeyward(string path, TextWriter log)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var findings = new List<ToolFinding>();
        var redacted = 0;
        foreach (var finding in document.RootElement.GetProperty("findings").EnumerateArray())
        {
            var secrets = new List<string>();
            if (finding.TryGetProperty("secret", out var secret) && secret.ValueKind == JsonValueKind.Object)
            {
                if (secret.TryGetProperty("value", out var value) && value.GetString() is { Length: > 0 } text)
                {
                    secrets.Add(text);
                }
                else
                {
                    redacted++;
                }
            }

            var commit = finding.TryGetProperty("commit", out var c) && c.ValueKind == JsonValueKind.Object ? String(c, "sha") : null;
            findings.Add(new ToolFinding(String(finding, "ruleId"), String(finding, "path"), secrets, commit));
        }

        if (redacted > 0)
        {
            log.WriteLine($"warning: {redacted} keyward finding(s) have no secret value; run keyward with --no-redact");
        }

        return findings;
    }

    // [{"RuleID","File","Secret","Match","Commit",...}]
    private static List<ToolFinding> ReadGitleaks(string path)
    {
        var text = File.ReadAllText(path);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.EnumerateArray()
            .Select(f => new ToolFinding(String(f, "RuleID"), String(f, "File"), NonEmpty(String(f, "Secret")), NullIfEmpty(String(f, "Commit"))))
            .ToList();
    }

    // One JSON object a line: {"DetectorName","Raw","RawV2","SourceMetadata":{"Data":{"Git"|"Filesystem":{"file"}}}}
    private static List<ToolFinding> ReadTrufflehog(string path)
    {
        var findings = new List<ToolFinding>();
        foreach (var line in File.ReadLines(path))
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (!root.TryGetProperty("DetectorName", out _))
            {
                continue;
            }

            var file = string.Empty;
            string? commit = null;
            if (root.TryGetProperty("SourceMetadata", out var metadata) && metadata.TryGetProperty("Data", out var data))
            {
                foreach (var source in data.EnumerateObject())
                {
                    if (source.Value.ValueKind == JsonValueKind.Object && source.Value.TryGetProperty("file", out var f))
                    {
                        file = f.GetString() ?? string.Empty;
                        commit = NullIfEmpty(String(source.Value, "commit"));
                    }
                }
            }

            var secrets = NonEmpty(String(root, "Raw")).Concat(NonEmpty(String(root, "RawV2"))).Distinct(StringComparer.Ordinal).ToArray();
            findings.Add(new ToolFinding(String(root, "DetectorName"), file, secrets, commit));
        }

        return findings;
    }

    private static string String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static string[] NonEmpty(string value) => value.Length == 0 ? [] : [value];
}
