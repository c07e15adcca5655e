using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Keyward.Scanning.Sources;

/// <summary>Every version of every file on every ref of a repository, each unique blob read once.</summary>
/// <remarks>
/// <para>
/// One <c>git log --all --reverse --raw</c> pass lists every file version oldest first, so the first time a blob
/// appears is the commit that introduced it (author, date, path): findings are attributed there. Then one
/// <c>git cat-file --batch</c> process streams the unique blobs. Memory holds the blob list, never the history.
/// </para>
/// <para>
/// A version of a file is scanned only where it differs from the version it replaced at the same path
/// (<see cref="LineWindows"/>, <see cref="Fragment.ChangedRegions"/>): what it kept was scanned, and reported at that
/// path, with the earlier version. The window keys of a version are held only until the last version that replaces
/// it has been read, so memory follows the size of the tree, not of the history.
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
        var places = new Dictionary<string, List<Place>>(StringComparer.Ordinal);
        var replacedBy = new Dictionary<string, int>(StringComparer.Ordinal);
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

            blobPlaces.Add(new Place(entry.Path, commit, entry.Base));
            if (entry.Base is not null)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(replacedBy, entry.Base, out _)++;
            }
        }

        var windows = new LineWindows();
        var earlierVersions = new Dictionary<string, HashSet<ulong>>(StringComparer.Ordinal);
        var index = 0;
        await foreach (var blob in GitBlobBatch.ReadAsync(_git, order, _options.MaxFileBytes, cancellationToken).ConfigureAwait(false))
        {
            var name = order[index++];
            var blobPlaces = places[name];
            var (path, commit, _) = blobPlaces[0];
            var earlier = EarlierVersions(blobPlaces, places, earlierVersions);
            var replaced = replacedBy.GetValueOrDefault(name) > 0;
            IReadOnlyList<TextRegion>? changed = null;
            if (blob.Text is not null && (earlier is not null || replaced))
            {
                var keys = windows.Compute(blob.Text, earlier, out changed);
                if (replaced)
                {
                    earlierVersions[name] = [.. keys];
                }
            }

            Release(blobPlaces, replacedBy, earlierVersions);
            if (blob.Text is null)
            {
                _skipped.Add(new SkippedItem($"{path}@{commit.Sha[..12]}", blob.SkipReason ?? "unreadable"));
                continue;
            }

            yield return new Fragment(path, blob.Text, commit)
            {
                Aliases = blobPlaces.Skip(1).Select(p => new FragmentAlias(p.Path, p.Commit)).ToArray(),
                ChangedRegions = changed,
            };
        }
    }

    /// <summary>The window keys of the version each place replaced; null when any place added the file, or replaced a
    /// version that was not read (yet) or not at that path in the commits walked (<c>--since</c>): then no earlier scan
    /// reported findings at that path.</summary>
    private static List<IReadOnlySet<ulong>>? EarlierVersions(
        List<Place> blobPlaces,
        Dictionary<string, List<Place>> places,
        Dictionary<string, HashSet<ulong>> earlierVersions)
    {
        var earlier = new List<IReadOnlySet<ulong>>(blobPlaces.Count);
        foreach (var place in blobPlaces)
        {
            if (place.Base is null
                || !earlierVersions.TryGetValue(place.Base, out var keys)
                || !places[place.Base].Exists(p => p.Path == place.Path))
            {
                return null;
            }

            earlier.Add(keys);
        }

        return earlier;
    }

    /// <summary>Forgets a replaced version's keys once the last version that replaced it has been read.</summary>
    private static void Release(List<Place> blobPlaces, Dictionary<string, int> replacedBy, Dictionary<string, HashSet<ulong>> earlierVersions)
    {
        foreach (var place in blobPlaces)
        {
            if (place.Base is not null && --CollectionsMarshal.GetValueRefOrNullRef(replacedBy, place.Base) == 0)
            {
                replacedBy.Remove(place.Base);
                earlierVersions.Remove(place.Base);
            }
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

    /// <summary>A path a blob appeared at, the commit that put it there, and the blob it replaced there.</summary>
    private readonly record struct Place(string Path, CommitInfo Commit, string? Base);
}
