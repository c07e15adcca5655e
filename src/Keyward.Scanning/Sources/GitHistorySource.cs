using System.Globalization;
using System.Runtime.CompilerServices;

namespace Keyward.Scanning.Sources;

/// <summary>Every version of every file on every ref of a repository, each unique blob read once.</summary>
/// <remarks>
/// <para>
/// One <c>git log --all --reverse --raw</c> pass lists every file version oldest first, so the first time a blob
/// appears is the commit that introduced it (author, date, path): findings are attributed there. Then one
/// <c>git cat-file --batch</c> process streams the unique blobs. Memory holds the blob list, never the history.
/// </para>
/// <para><c>--since REV</c> limits the walk to commits not reachable from REV, for incremental CI.</para>
/// </remarks>
public sealed class GitHistorySource : ISource
{
    private readonly GitCli _git;
    private readonly string? _since;
    private readonly SourceOptions _options;
    private readonly List<SkippedItem> _skipped = [];

    /// <summary>Initializes a new instance of the <see cref="GitHistorySource"/> class.</summary>
    /// <param name="repository">A directory inside the repository.</param>
    /// <param name="since">Only commits after this revision, or null for all history.</param>
    /// <param name="options">Size limits; defaults when null.</param>
    public GitHistorySource(string repository, string? since = null, SourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _git = new GitCli(Path.GetFullPath(repository));
        _since = since;
        _options = options ?? new SourceOptions();
    }

    /// <inheritdoc/>
    public string Description => _since is null
        ? $"git history of {_git.WorkingDirectory} (all refs)"
        : $"git history of {_git.WorkingDirectory} since {_since}";

    /// <inheritdoc/>
    public IReadOnlyList<SkippedItem> Skipped => _skipped;

    /// <inheritdoc/>
    public async IAsyncEnumerable<Fragment> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<string> arguments =
        [
            "log", "--all", "--root", "-m", "--reverse", "--no-renames", "--raw", "--no-abbrev", "-z",
            "--format=%x01%H%x1f%an%x1f%ae%x1f%aI",
        ];
        if (_since is not null)
        {
            arguments.Add("^" + _since);
        }

        // Each blob is read once; a blob that appears at several paths (a copied file) is reported at each,
        // attributed to the commit that first put it at that path.
        var places = new Dictionary<string, List<(string Path, CommitInfo Commit)>>(StringComparer.Ordinal);
        var order = new List<string>();
        var commits = new Dictionary<string, CommitInfo>(StringComparer.Ordinal);
        await foreach (var entry in GitRawDiff.ParseAsync(_git.ReadRecordsAsync(arguments, '\0', cancellationToken)).ConfigureAwait(false))
        {
            if (entry.CommitHeader is null)
            {
                continue;
            }

            if (!places.TryGetValue(entry.Blob, out var blobPlaces))
            {
                blobPlaces = [];
                places[entry.Blob] = blobPlaces;
                order.Add(entry.Blob);
            }
            else if (blobPlaces.Exists(p => p.Path == entry.Path))
            {
                continue;
            }

            if (!commits.TryGetValue(entry.CommitHeader, out var commit))
            {
                commit = ParseCommit(entry.CommitHeader, commits.Count);
                commits[entry.CommitHeader] = commit;
            }

            blobPlaces.Add((entry.Path, commit));
        }

        var index = 0;
        await foreach (var blob in GitBlobBatch.ReadAsync(_git, order, _options.MaxFileBytes, cancellationToken).ConfigureAwait(false))
        {
            var blobPlaces = places[order[index++]];
            var (path, commit) = blobPlaces[0];
            if (blob.Text is null)
            {
                _skipped.Add(new SkippedItem($"{path}@{commit.Sha[..12]}", blob.SkipReason ?? "unreadable"));
                continue;
            }

            yield return new Fragment(path, blob.Text, commit)
            {
                Aliases = blobPlaces.Skip(1).Select(p => new FragmentAlias(p.Path, p.Commit)).ToArray(),
            };
        }
    }

    private static CommitInfo ParseCommit(string header, int ordinal)
    {
        var fields = header.Split('\u001f');
        return new CommitInfo(
            fields[0],
            fields.Length > 1 ? fields[1] : string.Empty,
            fields.Length > 2 ? fields[2] : string.Empty,
            fields.Length > 3 && DateTimeOffset.TryParse(fields[3], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : default,
            ordinal);
    }
}
