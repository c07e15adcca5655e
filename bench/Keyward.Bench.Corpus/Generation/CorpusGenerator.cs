using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Keyward.Bench.Corpus.Rules;

namespace Keyward.Bench.Corpus.Generation;

/// <summary>Writes the corpus repository in one <c>git fast-import</c> stream and the plants.json ground truth.</summary>
/// <remarks>
/// Every choice comes from <see cref="DeterministicRandom"/> streams derived from the seed, and dates advance from a
/// fixed epoch, so the same arguments give the same commit SHAs. File content is regenerated from seeds, never
/// held, so a 1 GB history streams in constant memory (the tree's metadata only).
/// </remarks>
internal sealed partial class CorpusGenerator
{
    /// <summary>2023-01-02 09:00:00 UTC: the first author date. Never the wall clock.</summary>
    private const long Epoch = 1_672_650_000;

    private const int MaxOperationsPerCommit = 12;

    private static readonly string[] TimeZones = ["+0100", "-0500", "+0000", "+0200", "+0900", "-0800", "+0530"];

    private static readonly (FileKind Kind, int Weight)[] KindWeights =
    [
        (FileKind.CSharp, 18), (FileKind.TypeScript, 14), (FileKind.Python, 10), (FileKind.Yaml, 10), (FileKind.Json, 8),
        (FileKind.Markdown, 7), (FileKind.Fixtures, 6), (FileKind.Snapshot, 6), (FileKind.DataUri, 4), (FileKind.Checksums, 3),
        (FileKind.Shell, 5), (FileKind.Properties, 3), (FileKind.EnvExample, 2), (FileKind.PackageLock, 1), (FileKind.YarnLock, 1),
        (FileKind.MinifiedJs, 1),
    ];

    /// <summary>Vendors that also get a base64-encoded plant and one in a minified bundle (Instantly gets more).</summary>
    private static readonly string[] EncodedVendors = ["salesloft", "aws", "github", "slack", "stripe"];

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly GenerateOptions _options;
    private readonly RuleCatalog _catalog;
    private readonly TextWriter _log;
    private readonly DeterministicRandom _rng;
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);
    private readonly List<Plant> _plants = [];
    private readonly Dictionary<Plant, TrackedFile> _plantFiles = [];
    private readonly Dictionary<int, List<PlantEvent>> _events = [];
    private readonly List<string> _warnings = [];
    private readonly List<(int Step, int Mark)> _mainCommits = [];
    private readonly BranchState _main;
    private readonly BranchState[] _sides;
    private readonly BranchState[] _schedule;
    private readonly double _perCommitBytes;
    private readonly double _baseFileSize;
    private FastImportWriter? _writer;
    private long _when = Epoch;

    public CorpusGenerator(GenerateOptions options, RuleCatalog catalog, TextWriter log)
    {
        _options = options;
        _catalog = catalog;
        _log = log;
        _rng = DeterministicRandom.For(options.Seed, 1);
        var n = options.Commits;
        _main = new BranchState("main", string.Empty, 0, n - 1, -1);
        _sides =
        [
            new BranchState("feature/outreach-sync", "services/outreach-sync/", n * 20 / 100, (n * 35 / 100) - 1, n * 35 / 100),
            new BranchState("release/1.x", "release/", n * 50 / 100, n - 1, -1),
            new BranchState("experiment/webhook-relay", "experiments/webhook-relay/", n * 60 / 100, n * 80 / 100, -1),
        ];
        _schedule = BuildSchedule(n, DeterministicRandom.For(options.Seed, 2));
        _perCommitBytes = options.SizeMegabytes * 1024.0 * 1024.0 / n;
        _baseFileSize = Math.Clamp(_perCommitBytes * 0.7, 1500, 160_000);
    }

    private BranchState Merged => _sides[0];

    public int Run()
    {
        var output = Path.GetFullPath(_options.OutputDirectory);
        var repo = Path.Combine(output, "repo");
        if (Directory.Exists(repo) && Directory.EnumerateFileSystemEntries(repo).Any())
        {
            throw new UsageException($"{repo} already exists; remove it first (generation never overwrites a repository)");
        }

        Directory.CreateDirectory(repo);
        Git.Run(repo, "init", "-q", "-b", "main", ".");
        Git.Run(repo, "config", "gc.auto", "0");
        PlanPlants();

        var marksPath = Path.Combine(output, ".fast-import-marks");
        using (var process = System.Diagnostics.Process.Start(Git.Start(repo, ["fast-import", "--quiet", "--done", $"--export-marks={marksPath}"], redirectInput: true))
            ?? throw new InvalidOperationException("could not start git fast-import"))
        {
            // Not disposed: closing StandardInput below closes the pipe, and disposing both would close it twice.
            var stream = new BufferedStream(process.StandardInput.BaseStream, 1 << 20);
            _writer = new FastImportWriter(stream);
            for (var step = 0; step < _options.Commits; step++)
            {
                Step(step);
                if (step % 500 == 499)
                {
                    _log.WriteLine(Invariant($"  {step + 1} commits, {_writer.BlobBytes / 1048576.0:F1} MB"));
                }
            }

            WriteTags();
            _writer.Done();
            process.StandardInput.Close();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"git fast-import failed with exit code {process.ExitCode}");
            }
        }

        var shas = File.ReadLines(marksPath)
            .Select(l => l.Split(' ', 2))
            .ToDictionary(p => int.Parse(p[0].AsSpan(1), CultureInfo.InvariantCulture), p => p[1]);
        File.Delete(marksPath);
        Git.Run(repo, "reset", "-q", "--hard");

        foreach (var planted in _main.Files.SelectMany(f => f.Planted))
        {
            planted.Plant.InHead = true;
        }

        var records = _plants
            .Where(p => p.CommitMark > 0)
            .Select(p => new PlantRecord(p.RuleId, p.Path, p.Secret, p.InHead, shas[p.CommitMark], p.Encoding))
            .OrderBy(p => p.RuleId, StringComparer.Ordinal).ThenBy(p => p.Path, StringComparer.Ordinal)
            .ToArray();
        File.WriteAllText(Path.Combine(output, "plants.json"), JsonSerializer.Serialize(records, JsonOptions) + "\n");
        Summarize(repo, records);
        return 0;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static FileKind PlantKind(Plant plant, DeterministicRandom rng)
    {
        if (plant.Encoding is not null)
        {
            return FileKind.Yaml;
        }

        if (plant.Scenario == PlantScenario.Minified)
        {
            return FileKind.MinifiedJs;
        }

        if (plant.Text.Contains('\n', StringComparison.Ordinal))
        {
            return FileKind.Text;
        }

        if (AssignmentRegex().IsMatch(plant.Text))
        {
            return rng.Chance(0.5) ? FileKind.Shell : FileKind.Properties;
        }

        if (YamlKeyRegex().IsMatch(plant.Text))
        {
            return FileKind.Yaml;
        }

        return rng.Pick([FileKind.CSharp, FileKind.TypeScript, FileKind.Python, FileKind.Markdown, FileKind.Text]);
    }

    private static PlantScenario[] ScenariosFor(string ruleId, int ruleIndex)
    {
        var scenarios = new List<PlantScenario>
        {
            PlantScenario.Head,
            ruleIndex % 2 == 0 ? PlantScenario.DeletedFile : PlantScenario.RemovedLine,
            ruleIndex % 2 == 0 ? PlantScenario.Branch : PlantScenario.Head,
        };
        if (ruleId == "instantly-api-key")
        {
            scenarios.AddRange([PlantScenario.MergeCommit, PlantScenario.CopiedFile]);
        }

        if (ruleId.Contains("instantly", StringComparison.Ordinal))
        {
            scenarios.AddRange([PlantScenario.Base64Head, PlantScenario.Base64History, PlantScenario.Branch, PlantScenario.RemovedLine, PlantScenario.Minified]);
        }
        else if (EncodedVendors.Any(v => ruleId.Contains(v, StringComparison.Ordinal)))
        {
            scenarios.AddRange([PlantScenario.Base64Head, PlantScenario.Minified]);
        }

        return [.. scenarios];
    }

    [GeneratedRegex(@"^\s*(export\s+)?[A-Za-z_][A-Za-z0-9_.]*\s*=")]
    private static partial Regex AssignmentRegex();

    [GeneratedRegex(@"^\s*[\w.-]+\s*:\s")]
    private static partial Regex YamlKeyRegex();

    private BranchState[] BuildSchedule(int n, DeterministicRandom rng)
    {
        var schedule = new BranchState[n];
        Array.Fill(schedule, _main);
        foreach (var side in _sides)
        {
            schedule[side.FirstStep] = side;
        }

        for (var step = 1; step < n; step++)
        {
            if (schedule[step] != _main || step == Merged.MergeStep)
            {
                continue;
            }

            foreach (var side in _sides)
            {
                if (side.IsActive(step) && step > side.FirstStep && rng.Chance(0.10))
                {
                    schedule[step] = side;
                    break;
                }
            }
        }

        return schedule;
    }

    private void PlanPlants()
    {
        var rng = DeterministicRandom.For(_options.Seed, 3);
        var factory = new SecretFactory(_catalog);
        var n = _options.Commits;
        var mainSteps = Enumerable.Range(1, n - 1).Where(s => _schedule[s] == _main && s != Merged.MergeStep).ToArray();
        var early = mainSteps.Where(s => s >= n * 3 / 100 && s <= n * 90 / 100).ToArray();
        var plantIndex = 0;
        var rules = _catalog.Rules.Where(RuleCatalog.IsPlantable).ToArray();
        for (var r = 0; r < rules.Length; r++)
        {
            var rule = rules[r];
            var scenarios = ScenariosFor(rule.Id, r);
            for (var i = 0; i < scenarios.Length; i++)
            {
                var template = factory.Create(rule, i, DeterministicRandom.For(_options.Seed, 4, (ulong)plantIndex++));
                if (template is null)
                {
                    _warnings.Add($"rule {rule.Id}: no positive sample that its own regex accepts; nothing planted");
                    break;
                }

                if (!template.Generated && i == 0)
                {
                    _warnings.Add($"rule {rule.Id}: no fresh value of its shape passed the rule; its sample is planted as is");
                }

                var scenario = scenarios[i];
                if (scenario == PlantScenario.Minified && (template.Line.Contains('\n', StringComparison.Ordinal)
                    || !_catalog.Detect(rule, "x(1);" + template.Line + ";y(2)").Contains(template.Secret, StringComparer.Ordinal)))
                {
                    // The sample only matches on a line of its own; plant it plainly instead.
                    scenario = PlantScenario.Head;
                }

                var plant = new Plant(rule.Id, template.Secret, PlantText(rule, template, scenario), scenario, template.Generated);
                _plants.Add(plant);
                if (scenario == PlantScenario.Branch)
                {
                    var branch = _sides[1 + rng.Next(2)];
                    var steps = Enumerable.Range(branch.FirstStep, branch.LastStep - branch.FirstStep + 1).Where(s => _schedule[s] == branch).ToArray();
                    AddEvent(rng.Pick(steps), new PlantEvent(plant, PlantAction.Add, rule));
                    continue;
                }

                if (scenario == PlantScenario.MergeCommit)
                {
                    AddEvent(Merged.MergeStep, new PlantEvent(plant, PlantAction.Add, rule));
                    continue;
                }

                var step = rng.Pick(early);
                AddEvent(step, new PlantEvent(plant, PlantAction.Add, rule));
                if (scenario is PlantScenario.DeletedFile or PlantScenario.RemovedLine or PlantScenario.Base64History or PlantScenario.CopiedFile)
                {
                    var later = mainSteps.Where(s => s > step && s <= step + Math.Max(5, n / 10)).ToArray();
                    var action = scenario == PlantScenario.CopiedFile ? PlantAction.Copy : PlantAction.Remove;
                    AddEvent(later.Length > 0 ? rng.Pick(later) : mainSteps[^1], new PlantEvent(plant, action, rule));
                }
            }
        }
    }

    private string PlantText(CorpusRule rule, PlantTemplate template, PlantScenario scenario)
    {
        if (scenario is not (PlantScenario.Base64Head or PlantScenario.Base64History))
        {
            return template.Line;
        }

        // The brief's shape for Instantly: a base64 config value holding "INSTANTLY_API_KEY=<key>".
        var payload = rule.Id.Contains("instantly", StringComparison.Ordinal) ? "INSTANTLY_API_KEY=" + template.Secret : template.Line;
        if (!_catalog.Detect(rule, payload).Contains(template.Secret, StringComparer.Ordinal))
        {
            payload = template.Line;
        }

        return "config_b64: " + Convert.ToBase64String(Encoding.UTF8.GetBytes(payload));
    }

    private void AddEvent(int step, PlantEvent plantEvent)
    {
        if (!_events.TryGetValue(step, out var list))
        {
            _events[step] = list = [];
        }

        list.Add(plantEvent);
    }

    private void Step(int step)
    {
        var writer = _writer!;
        var branch = _schedule[step];
        _when += _rng.Next(120, 10_800);
        var author = _rng.Next(Lexicon.Authors.Length);
        var changes = new List<TreeChange>();
        var merge = 0;
        string message;
        var added = new List<Plant>();
        if (step == 0)
        {
            message = "Initial commit";
            InitialFiles(changes);
        }
        else if (step == Merged.MergeStep)
        {
            message = $"Merge branch '{Merged.Name}'";
            merge = Merged.TipMark;
            changes.AddRange(Merged.Files.Select(f => new TreeChange(f.Path, f.Mark)));
            _main.Files.AddRange(Merged.Files);

            // A file that neither parent has: what a careless conflict resolution adds.
            foreach (var plantEvent in _events.GetValueOrDefault(step, []))
            {
                AddPlant(_main, plantEvent, changes);
                added.Add(plantEvent.Plant);
            }
        }
        else
        {
            message = string.Empty;
            foreach (var plantEvent in _events.GetValueOrDefault(step, []))
            {
                switch (plantEvent.Action)
                {
                    case PlantAction.Add:
                        message = AddPlant(branch, plantEvent, changes);
                        added.Add(plantEvent.Plant);
                        break;
                    case PlantAction.Copy:
                        message = CopyPlant(branch, plantEvent, changes, added);
                        break;
                    default:
                        message = RemovePlant(branch, plantEvent.Plant, changes);
                        break;
                }
            }

            var target = (long)((step + 1) * _perCommitBytes);
            var operations = 0;
            do
            {
                var described = Operate(branch, changes);
                message = message.Length == 0 ? described : message;
                operations++;
            }
            while (writer.BlobBytes < target && operations < MaxOperationsPerCommit);
        }

        var from = branch != _main && branch.TipMark == 0 ? _main.TipMark : 0;
        var mark = writer.Commit(branch.Name, Lexicon.Authors[author], _when, TimeZones[author], message, from, merge, changes);
        branch.TipMark = mark;
        if (branch == _main)
        {
            _mainCommits.Add((step, mark));
        }

        foreach (var plant in added)
        {
            plant.CommitMark = mark;
        }
    }

    private void InitialFiles(List<TreeChange> changes)
    {
        const string Gitignore = "bin/\nobj/\nnode_modules/\ndist/\n.env\n.env.*\n!.env.example\n*.key\n*.pem\n";
        changes.Add(new TreeChange(".gitignore", _writer!.Blob(Encoding.UTF8.GetBytes(Gitignore))));
        AddFile(_main, FileKind.Markdown, changes, "README.md");
        AddFile(_main, FileKind.EnvExample, changes, ".env.example");
        AddFile(_main, FileKind.PackageLock, changes, "web/package-lock.json");
        AddFile(_main, FileKind.YarnLock, changes, "tools/docs-site/yarn.lock");
        for (var i = 0; i < 6; i++)
        {
            AddFile(_main, PickKind(), changes, null);
        }
    }

    private string Operate(BranchState branch, List<TreeChange> changes)
    {
        var files = branch.Files;
        var roll = _rng.NextDouble();
        if (files.Count < (branch == _main ? 25 : 4) || roll < 0.22)
        {
            var file = AddFile(branch, PickKind(), changes, null);
            return Message(_rng.Pick(["feat", "feat", "test", "docs", "build"]), file, "add");
        }

        var target = files[_rng.Next(files.Count)];
        if (target.Frozen)
        {
            var file = AddFile(branch, PickKind(), changes, null);
            return Message("feat", file, "add");
        }

        if (roll < 0.27 && !target.Pinned && target.Path != "README.md" && target.Path != ".env.example")
        {
            files.Remove(target);
            changes.Add(new TreeChange(target.Path, 0));
            return Message("chore", target, "remove");
        }

        if (roll < 0.30)
        {
            var locks = files.Where(f => f.Kind is FileKind.PackageLock or FileKind.YarnLock).ToArray();
            if (locks.Length > 0)
            {
                var lockFile = locks[_rng.Next(locks.Length)];
                Edit(lockFile, changes);
                var package = _rng.Pick(Lexicon.Packages);
                return $"chore(deps): bump {package} from {ContentFactory.Semver(_rng)} to {ContentFactory.Semver(_rng)}";
            }
        }

        Edit(target, changes);
        return Message(_rng.Pick(Lexicon.CommitTypes), target, _rng.Pick(Lexicon.Verbs));
    }

    private string Message(string type, TrackedFile file, string verb)
    {
        var scope = file.Path.Split('/')[0].Replace(".", string.Empty, StringComparison.Ordinal);
        return $"{type}({scope}): {verb} {_rng.Pick(Lexicon.Adjectives)} {_rng.Pick(Lexicon.Nouns)} handling\n\n{_rng.Pick(Lexicon.Sentences)}\n";
    }

    private FileKind PickKind()
    {
        var total = KindWeights.Sum(k => k.Weight);
        var roll = _rng.Next(total);
        foreach (var (kind, weight) in KindWeights)
        {
            if (roll < weight)
            {
                return kind;
            }

            roll -= weight;
        }

        return FileKind.Text;
    }

    private TrackedFile AddFile(BranchState branch, FileKind kind, List<TreeChange> changes, string? path)
    {
        var size = _baseFileSize * Math.Exp((_rng.NextDouble() - 0.5) * 2.0);
        if (kind is FileKind.PackageLock or FileKind.YarnLock)
        {
            size = Math.Min(size * 6, 1_500_000);
        }

        var blocks = Math.Max(1, (int)(size / ContentFactory.AverageBlockSize(kind)));
        var file = new TrackedFile(path ?? UniquePath(kind, branch.Root, _ => false), kind, _rng.NextUInt64(), blocks);
        _paths.Add(file.Path);
        branch.Files.Add(file);
        Write(file, changes);
        return file;
    }

    private void Edit(TrackedFile file, List<TreeChange> changes)
    {
        var bumps = _rng.Next(1, 4);
        for (var i = 0; i < bumps; i++)
        {
            file.Versions[_rng.Next(file.Versions.Count)]++;
        }

        var tooBig = file.Size > _baseFileSize * (file.Kind is FileKind.PackageLock or FileKind.YarnLock ? 12 : 4);
        if (!tooBig && _rng.Chance(0.3))
        {
            file.Versions.Add(0);
        }
        else if ((tooBig || _rng.Chance(0.1)) && file.Versions.Count > 2 && file.Planted.Count == 0)
        {
            file.Versions.RemoveAt(file.Versions.Count - 1);
        }

        Write(file, changes);
    }

    private void Write(TrackedFile file, List<TreeChange> changes)
    {
        var bytes = Encoding.UTF8.GetBytes(ContentFactory.Render(file));
        file.Mark = _writer!.Blob(bytes);
        file.Size = bytes.Length;
        changes.Add(new TreeChange(file.Path, file.Mark));
    }

    private string UniquePath(FileKind kind, string root, Func<string, bool> rejected)
    {
        for (var attempt = 0; ; attempt++)
        {
            var path = ContentFactory.NewPath(kind, root, _rng);
            if (attempt > 500)
            {
                throw new InvalidOperationException($"no free {kind} path under '{root}' that the rule does not ignore");
            }

            if (attempt > 20)
            {
                var dot = path.LastIndexOf('.');
                var slash = path.LastIndexOf('/');
                path = dot > slash + 1 ? Invariant($"{path[..dot]}-{attempt}{path[dot..]}") : Invariant($"{path}-{attempt}");
            }

            if (!_paths.Contains(path) && !rejected(path))
            {
                return path;
            }
        }
    }

    private string AddPlant(BranchState branch, PlantEvent plantEvent, List<TreeChange> changes)
    {
        var plant = plantEvent.Plant;
        var kind = PlantKind(plant, _rng);
        var path = UniquePath(kind, branch.Root, p => RuleCatalog.IsIgnoredPath(plantEvent.Rule, p) || (plant.Encoding is not null && !p.Contains("/helm/", StringComparison.Ordinal)));
        var blocks = _rng.Next(2, 7);
        var file = new TrackedFile(path, kind, _rng.NextUInt64(), blocks) { Pinned = true, Frozen = plant.Scenario == PlantScenario.CopiedFile };
        file.Planted.Add(new PlantedLine(_rng.Next(blocks), plant.Text, plant));
        _paths.Add(path);
        branch.Files.Add(file);
        _plantFiles[plant] = file;
        plant.Path = path;
        Write(file, changes);
        return Message("feat", file, _rng.Pick(["wire up", "configure", "add"]));
    }

    private string CopyPlant(BranchState branch, PlantEvent plantEvent, List<TreeChange> changes, List<Plant> added)
    {
        // Same kind, seed, block versions and planted text: the copy is the same blob under a second path.
        var original = _plantFiles[plantEvent.Plant];
        var plant = plantEvent.Plant;
        var path = UniquePath(original.Kind, branch.Root, p => RuleCatalog.IsIgnoredPath(plantEvent.Rule, p));
        var copy = new TrackedFile(path, original.Kind, original.Seed, original.Versions.Count) { Pinned = true, Frozen = true };
        var copied = new Plant(plant.RuleId, plant.Secret, plant.Text, plant.Scenario, plant.Generated) { Path = path };
        copy.Versions.Clear();
        copy.Versions.AddRange(original.Versions);
        copy.Planted.AddRange(original.Planted.Select(p => p with { Plant = copied }));
        _paths.Add(path);
        branch.Files.Add(copy);
        _plants.Add(copied);
        added.Add(copied);
        Write(copy, changes);
        return $"chore(config): copy {original.Path.Split('/')[^1]} for the new environment\n";
    }

    private string RemovePlant(BranchState branch, Plant plant, List<TreeChange> changes)
    {
        var file = _plantFiles[plant];
        if (plant.Scenario == PlantScenario.DeletedFile)
        {
            branch.Files.Remove(file);
            changes.Add(new TreeChange(file.Path, 0));
        }
        else
        {
            file.Planted.RemoveAll(p => p.Plant == plant);
            file.Pinned = file.Planted.Count > 0;
            Edit(file, changes);
        }

        return $"fix({file.Path.Split('/')[0]}): remove hard-coded credential\n\nRead it from the secret store instead.\n";
    }

    private void WriteTags()
    {
        var writer = _writer!;
        var n = _options.Commits;
        var tagger = Lexicon.Authors[0];
        int MainAt(int step) => _mainCommits.Last(c => c.Step <= step).Mark;
        writer.Tag("v1.0.0", MainAt(n * 45 / 100), tagger, _when, "Release 1.0.0\n");
        writer.Tag("v1.1.0", MainAt(n * 85 / 100), tagger, _when, "Release 1.1.0\n");
        if (_sides[1].TipMark > 0)
        {
            writer.Tag("v1.0.1", _sides[1].TipMark, tagger, _when, "Hotfix release 1.0.1\n");
        }
    }

    private void Summarize(string repo, PlantRecord[] records)
    {
        var writer = _writer!;
        var head = Git.Run(repo, "rev-parse", "HEAD").Trim();
        var refs = Git.Run(repo, "for-each-ref", "--format=%(refname:short)").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var headFiles = _main.Files.Count + 1;
        var headBytes = _main.Files.Sum(f => (long)f.Size);
        foreach (var warning in _warnings.Distinct())
        {
            _log.WriteLine("warning: " + warning);
        }

        _log.WriteLine(Invariant($"corpus: {repo}"));
        _log.WriteLine(Invariant($"  commits {writer.Commits}, blobs {writer.Blobs}, {writer.BlobBytes / 1048576.0:F1} MB of blobs; HEAD {head[..12]}: {headFiles} files, {headBytes / 1048576.0:F1} MB"));
        _log.WriteLine(Invariant($"  refs: {string.Join(", ", refs)}"));
        _log.WriteLine(Invariant($"  plants {records.Length} for {records.Select(r => r.RuleId).Distinct().Count()} rules: {records.Count(r => r.InHead)} at HEAD, {records.Count(r => !r.InHead)} history or branch only, {records.Count(r => r.Encoding is not null)} base64, {_plants.Count(p => p.Generated)} fresh values, {_plants.Count(p => !p.Generated)} reused samples"));
    }
}
