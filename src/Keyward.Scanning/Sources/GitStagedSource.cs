using System.Runtime.CompilerServices;

namespace Keyward.Scanning.Sources;

/// <summary>The files staged for the next commit, as the index holds them: what a pre-commit hook must check.</summary>
public sealed class GitStagedSource : ISource
{
    private readonly GitCli _git;
    private readonly SourceOptions _options;
    private readonly List<SkippedItem> _skipped = [];
    private List<GitRawDiff.Entry>? _entries;

    /// <summary>Initializes a new instance of the <see cref="GitStagedSource"/> class.</summary>
    /// <param name="repository">A directory inside the repository.</param>
    /// <param name="options">Size limits; defaults when null.</param>
    public GitStagedSource(string repository, SourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _git = new GitCli(Path.GetFullPath(repository));
        _options = options ?? new SourceOptions();
    }

    /// <inheritdoc/>
    public string Description => $"staged changes in {_git.WorkingDirectory}";

    /// <inheritdoc/>
    public IReadOnlyList<SkippedItem> Skipped => _skipped;

    /// <summary>Lists the staged files (added, copied, modified), relative to the repository root.</summary>
    /// <param name="cancellationToken">Stops git.</param>
    /// <returns>The paths.</returns>
    /// <exception cref="GitException">The directory is not in a repository, or git failed.</exception>
    public async Task<IReadOnlyList<string>> ListPathsAsync(CancellationToken cancellationToken = default) =>
        (await EntriesAsync(cancellationToken).ConfigureAwait(false)).Select(e => e.Path).ToArray();

    /// <inheritdoc/>
    public async IAsyncEnumerable<Fragment> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var entries = await EntriesAsync(cancellationToken).ConfigureAwait(false);
        var index = 0;
        await foreach (var blob in GitBlobBatch.ReadAsync(_git, entries.Select(e => e.Blob).ToArray(), _options.MaxFileBytes, cancellationToken).ConfigureAwait(false))
        {
            var path = entries[index++].Path;
            if (blob.Text is null)
            {
                _skipped.Add(new SkippedItem(path, blob.SkipReason ?? "unreadable"));
                continue;
            }

            yield return new Fragment(path, blob.Text);
        }
    }

    private async Task<List<GitRawDiff.Entry>> EntriesAsync(CancellationToken cancellationToken)
    {
        if (_entries is null)
        {
            // Paths from git are relative to the repository root; so are the findings.
            string[] arguments = ["diff", "--cached", "--raw", "--no-abbrev", "-z", "--no-renames", "--diff-filter=ACMT", "--relative"];
            var entries = new List<GitRawDiff.Entry>();
            await foreach (var entry in GitRawDiff.ParseAsync(_git.ReadRecordsAsync(arguments, '\0', cancellationToken)).ConfigureAwait(false))
            {
                entries.Add(entry);
            }

            _entries = entries;
        }

        return _entries;
    }
}
