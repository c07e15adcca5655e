using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Keyward.Core.IO;

namespace Keyward.Scanning.Sources;

/// <summary>Every file under a directory (or one file), read from disk.</summary>
/// <remarks>
/// <para>Symbolic links are never followed, so a scan cannot leave the directory it was given. The <c>.git</c>
/// directory is left to the history source. Binary files and files over the size limit are reported in
/// <see cref="Skipped"/>, never dropped silently.</para>
/// <para>With <see cref="SourceOptions.RespectGitignore"/>, only files git would track (tracked, or untracked and
/// not ignored) are read; that needs the directory to be in a git repository.</para>
/// <para>Files are read on every core, and a file's first 8000 bytes decide whether it is binary before the rest
/// is read, so a tree full of build output costs little.</para>
/// </remarks>
public sealed class DirectorySource : ISource
{
    private readonly string _root;
    private readonly SourceOptions _options;
    private readonly System.Collections.Concurrent.ConcurrentQueue<SkippedItem> _skipped = new();

    /// <summary>Initializes a new instance of the <see cref="DirectorySource"/> class.</summary>
    /// <param name="path">A directory or a file.</param>
    /// <param name="options">Limits; defaults when null.</param>
    /// <exception cref="DirectoryNotFoundException">The path does not exist.</exception>
    public DirectorySource(string path, SourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        _root = Path.GetFullPath(path);
        if (!Directory.Exists(_root) && !File.Exists(_root))
        {
            throw new DirectoryNotFoundException($"'{path}' does not exist; give a directory or a file to scan");
        }

        _options = options ?? new SourceOptions();
    }

    /// <inheritdoc/>
    public string Description => $"files under {_root}";

    /// <inheritdoc/>
    public IReadOnlyList<SkippedItem> Skipped => _skipped.OrderBy(s => s.Path, StringComparer.Ordinal).ToArray();

    /// <inheritdoc/>
    public async IAsyncEnumerable<Fragment> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IEnumerable<FileInfo> files;
        string baseDirectory;
        if (File.Exists(_root))
        {
            files = [new FileInfo(_root)];
            baseDirectory = Path.GetDirectoryName(_root)!;
        }
        else
        {
            files = _options.RespectGitignore
                ? await GitVisibleFilesAsync(cancellationToken).ConfigureAwait(false)
                : FileTree.Walk(new DirectoryInfo(_root), d => d.Name == ".git");
            baseDirectory = _root;
        }

        var channel = Channel.CreateBounded<Fragment>(new BoundedChannelOptions(2 * Environment.ProcessorCount) { SingleReader = true });
        var readers = Task.Run(
            async () =>
            {
                try
                {
                    var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
                    await Parallel.ForEachAsync(files, parallel, async (file, token) =>
                    {
                        var relative = Path.GetRelativePath(baseDirectory, file.FullName).Replace('\\', '/');
                        if (Read(file, relative) is { } fragment)
                        {
                            await channel.Writer.WriteAsync(fragment, token).ConfigureAwait(false);
                        }
                    }).ConfigureAwait(false);
                    channel.Writer.Complete();
                }
                catch (Exception e)
                {
                    channel.Writer.Complete(e);
                }
            },
            cancellationToken);

        await foreach (var fragment in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return fragment;
        }

        await readers.ConfigureAwait(false);
    }

    private Fragment? Read(FileInfo file, string relative)
    {
        if (TextFile.TryRead(file, _options.MaxFileBytes, out var text, out var skipReason))
        {
            return new Fragment(relative, text);
        }

        _skipped.Enqueue(new SkippedItem(relative, skipReason));
        return null;
    }

    private async Task<IEnumerable<FileInfo>> GitVisibleFilesAsync(CancellationToken cancellationToken)
    {
        var git = new GitCli(_root);
        var files = new List<FileInfo>();
        await foreach (var path in git.ReadRecordsAsync(["ls-files", "--cached", "--others", "--exclude-standard", "-z"], '\0', cancellationToken).ConfigureAwait(false))
        {
            var file = new FileInfo(Path.Combine(_root, path));
            if (path.Length > 0 && file.Exists && file.LinkTarget is null)
            {
                files.Add(file);
            }
        }

        return files.OrderBy(f => f.FullName, StringComparer.Ordinal);
    }
}
