using Keyward.Core;
using Keyward.Core.Secrets;
using Keyward.Core.Text;
using Keyward.Scanning.Rules;
using Keyward.Scanning.Sources;

namespace Keyward.Scanning.Hygiene;

/// <summary>Checks a repository for the habits that leak keys: tracked <c>.env</c> files, private key files, and a
/// <c>.gitignore</c> that does not cover them.</summary>
/// <remarks>These findings have no secret; their fingerprint is the rule and the path.</remarks>
public sealed class HygieneInspector
{
    /// <summary>Rule id: a tracked <c>.env</c> file.</summary>
    public const string TrackedEnvFile = "hygiene-tracked-env-file";

    /// <summary>Rule id: a tracked <c>.env.example</c>-style template that holds real-looking values.</summary>
    public const string EnvTemplateWithValues = "hygiene-env-template-with-values";

    /// <summary>Rule id: <c>.gitignore</c> does not cover a pattern that secrets live in.</summary>
    public const string GitignoreMissing = "hygiene-gitignore-missing";

    /// <summary>Rule id: a private key file in the repository.</summary>
    public const string PrivateKeyFile = "hygiene-private-key-file";

    private static readonly string[] TemplateSuffixes = [".example", ".sample", ".template", ".dist", ".defaults"];
    private static readonly string[] PrivateKeyExtensions = [".pem", ".key", ".p12", ".pfx", ".jks", ".keystore"];
    private static readonly string[] PrivateKeyNames = ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"];

    /// <summary>What <c>.gitignore</c> must ignore: a probe path for each pattern.</summary>
    private static readonly (string Pattern, string Probe)[] RequiredIgnores =
    [
        (".env", ".env"),
        (".env.*", ".env.production"),
        ("*.key", "keyward-probe.key"),
        ("*.pem", "keyward-probe.pem"),
    ];

    private readonly RuleSet _rules;

    /// <summary>Initializes a new instance of the <see cref="HygieneInspector"/> class.</summary>
    /// <param name="rules">Rules whose global allowlist tells placeholders from values in templates.</param>
    public HygieneInspector(RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules;
    }

    /// <summary>Inspects the files git tracks under <paramref name="directory"/> and its <c>.gitignore</c>.</summary>
    /// <param name="directory">A directory; when it is not in a git repository there is nothing to inspect.</param>
    /// <param name="cancellationToken">Stops the inspection.</param>
    /// <returns>The findings.</returns>
    public async Task<IReadOnlyList<Finding>> InspectRepositoryAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var git = new GitCli(Path.GetFullPath(directory));
        var tracked = new List<string>();
        try
        {
            await foreach (var path in git.ReadRecordsAsync(["ls-files", "-z"], '\0', cancellationToken).ConfigureAwait(false))
            {
                if (path.Length > 0)
                {
                    tracked.Add(path);
                }
            }
        }
        catch (GitException e) when (e.IsNotARepository)
        {
            return [];
        }

        var findings = InspectPaths(tracked, path => Path.Combine(git.WorkingDirectory, path)).ToList();
        var ignored = await IgnoredProbesAsync(git, cancellationToken).ConfigureAwait(false);
        foreach (var (pattern, probe) in RequiredIgnores)
        {
            if (!ignored.Contains(probe))
            {
                findings.Add(Hygiene(GitignoreMissing, Severity.Medium, ".gitignore", $".gitignore does not ignore {pattern}; add the line '{pattern}'"));
            }
        }

        return findings;
    }

    /// <summary>Checks file names (and template contents) for tracked secrets files.</summary>
    /// <param name="paths">Repository-relative paths, '/'-separated.</param>
    /// <param name="fullPath">Maps a relative path to a readable file, for template contents.</param>
    /// <returns>The findings.</returns>
    public IEnumerable<Finding> InspectPaths(IEnumerable<string> paths, Func<string, string> fullPath)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(fullPath);
        foreach (var path in paths)
        {
            var name = path[(path.LastIndexOf('/') + 1)..];
            if (name == ".env" || name.StartsWith(".env.", StringComparison.Ordinal) || name.EndsWith(".env", StringComparison.Ordinal))
            {
                if (!TemplateSuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase)))
                {
                    yield return Hygiene(TrackedEnvFile, Severity.High, path, $"{path} is committed; remove it with 'git rm --cached {path}', rotate what it held, and keep it in .gitignore");
                }
                else if (TemplateHasValues(fullPath(path)))
                {
                    yield return Hygiene(EnvTemplateWithValues, Severity.Medium, path, $"{path} is a template but holds real-looking values; leave values empty or use placeholders");
                }
            }
            else if (PrivateKeyNames.Contains(name, StringComparer.Ordinal) || PrivateKeyExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            {
                yield return Hygiene(PrivateKeyFile, Severity.High, path, $"{path} looks like a private key file; remove it from the repository and keep keys in a secret store");
            }
        }
    }

    private bool TemplateHasValues(string file)
    {
        if (!File.Exists(file))
        {
            return false;
        }

        foreach (var line in File.ReadLines(file))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.TrimStart().StartsWith('#') || equals < 0)
            {
                continue;
            }

            var value = line[(equals + 1)..].Trim().Trim('"', '\'');
            if (value.Length >= 16 && Entropy.Shannon(value) >= 3.5 && !_rules.Allowlist.Any(a => a.IsMatch(value)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Asks git, in one call, which probe paths the repository's ignore rules cover.</summary>
    private static async Task<HashSet<string>> IgnoredProbesAsync(GitCli git, CancellationToken cancellationToken)
    {
        string output;
        try
        {
            // --non-matching prints every path: "source:line:pattern<TAB>path" when ignored, "::<TAB>path" when not.
            string[] arguments = ["check-ignore", "--no-index", "--verbose", "--non-matching", .. RequiredIgnores.Select(r => r.Probe)];
            output = await git.RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (GitException)
        {
            // check-ignore exits 1 when no path is ignored; that, like any failure, means nothing is covered.
            return [];
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith("::", StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf('\t', StringComparison.Ordinal) + 1)..])
            .ToHashSet(StringComparer.Ordinal);
    }

    private static Finding Hygiene(string ruleId, Severity severity, string path, string description) =>
        new(ruleId, description, severity, path, 1, 1, null, Fingerprints.Compute(ruleId, path, (SecretValue?)null));
}
