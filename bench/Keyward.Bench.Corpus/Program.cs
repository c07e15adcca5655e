using System.Globalization;
using Keyward.Bench.Corpus;
using Keyward.Bench.Corpus.Checking;
using Keyward.Bench.Corpus.Generation;
using Keyward.Bench.Corpus.Rules;

const string Usage = """
    keyward-corpus generate --out DIR [--commits 3000] [--size-mb 40] [--seed 42] [--rules PATH]
    keyward-corpus check --plants DIR/plants.json --report FILE --tool keyward|gitleaks|trufflehog [--mode git|dir]
    """;

try
{
    return args.FirstOrDefault() switch
    {
        "generate" => Generate(new Arguments(args.Skip(1), ["--out", "--commits", "--size-mb", "--seed", "--rules"])),
        "check" => Check(new Arguments(args.Skip(1), ["--plants", "--report", "--tool", "--mode"])),
        _ => throw new UsageException("give a command: generate or check"),
    };
}
catch (UsageException e)
{
    Console.Error.WriteLine($"error: {e.Message}\n{Usage}");
    return 2;
}
catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException or System.Text.Json.JsonException or YamlDotNet.Core.YamlException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 3;
}

static int Generate(Arguments a)
{
    var rules = a.Optional("--rules") ?? DefaultRules();
    var seedText = a.Optional("--seed") ?? "42";
    var options = new GenerateOptions
    {
        OutputDirectory = a.Required("--out"),
        RulesPath = rules,
        Commits = a.Int("--commits", 3000, 50, 10_000_000),
        SizeMegabytes = a.Int("--size-mb", 40, 1, 1_000_000),
        Seed = ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out var seed) ? seed : throw new UsageException("--seed must be a whole number"),
    };
    return new CorpusGenerator(options, RuleCatalog.Load(rules), Console.Out).Run();
}

static int Check(Arguments a) =>
    CheckCommand.Run(a.Required("--plants"), a.Required("--report"), a.Required("--tool"), a.Optional("--mode") ?? "git", Console.Out);

// The rules file in the repository this tool is built from: found by walking up to Keyward.slnx.
static string DefaultRules()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Keyward.slnx")))
            {
                return Path.Combine(dir.FullName, "src", "Keyward.Scanning", "Rules", "rules.yaml");
            }
        }
    }

    throw new UsageException("cannot find the repository root (Keyward.slnx) for the default rules; pass --rules PATH");
}
