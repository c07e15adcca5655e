using Keyward.Scanning.Detection;
using Keyward.Scanning.Hygiene;
using Keyward.Scanning.Rules;
using Keyward.Scanning.Sources;
using Keyward.Scanning.Suppression;

namespace Keyward.Scanning;

/// <summary>Composes a scan from a request: rules, source, hygiene checks, suppressions.</summary>
public static class ScanRunner
{
    /// <summary>The suppression file read from the scanned directory.</summary>
    public const string IgnoreFileName = ".keywardignore";

    /// <summary>Runs a scan.</summary>
    /// <param name="request">What to scan and how.</param>
    /// <param name="progress">Receives progress; may be null.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <returns>The result.</returns>
    /// <exception cref="DirectoryNotFoundException">The path does not exist.</exception>
    /// <exception cref="FileNotFoundException">The rules or baseline file does not exist.</exception>
    /// <exception cref="InvalidDataException">The rules or baseline file is malformed.</exception>
    /// <exception cref="GitException">git failed, or the path is not in a repository for a git mode.</exception>
    public static async Task<ScanResult> RunAsync(ScanRequest request, IProgress<ScanProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Rules load on another thread while git starts listing history: both take tens of milliseconds, which is much
        // of a pre-commit hook's budget.
        var rulesFile = request.RulesFile;
        var detector = Task.Run(() => new Detector(rulesFile is null ? RuleSet.Default : RuleSet.Load(rulesFile)), cancellationToken);
        var root = System.IO.Path.GetFullPath(request.Path);
        var directory = File.Exists(root) ? System.IO.Path.GetDirectoryName(root)! : root;
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"'{request.Path}' does not exist; give a directory or a file to scan");
        }

        var suppressions = Suppressions.Load(System.IO.Path.Combine(directory, IgnoreFileName), request.BaselineFile);
        var options = new SourceOptions { MaxFileBytes = request.MaxFileBytes, RespectGitignore = request.RespectGitignore };
        ISource source;
        IReadOnlyList<Finding> extra = [];
        switch (request.Mode)
        {
            case ScanMode.History:
                source = new GitHistorySource(directory, request.Since, options);
                break;
            case ScanMode.Staged:
                var staged = new GitStagedSource(directory, options);
                source = staged;

                // Name checks on what is about to be committed: a staged .env or key file is stopped before it lands.
                var paths = await staged.ListPathsAsync(cancellationToken).ConfigureAwait(false);
                extra = (await HygieneAsync(detector).ConfigureAwait(false)).InspectPaths(paths, p => System.IO.Path.Combine(directory, p)).ToArray();
                break;
            default:
                source = new DirectorySource(root, options);
                if (Directory.Exists(root))
                {
                    extra = await (await HygieneAsync(detector).ConfigureAwait(false)).InspectRepositoryAsync(root, cancellationToken).ConfigureAwait(false);
                }

                break;
        }

        var scanner = new Scanner(detector);
        var result = await scanner.ScanAsync(source, suppressions, extra, progress, cancellationToken).ConfigureAwait(false);
        return request.Verifier is null
            ? result
            : await request.Verifier.VerifyAsync(result, (await detector.ConfigureAwait(false)).Rules, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<HygieneInspector> HygieneAsync(Task<Detector> detector) =>
        new((await detector.ConfigureAwait(false)).Rules);
}
