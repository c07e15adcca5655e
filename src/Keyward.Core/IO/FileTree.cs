namespace Keyward.Core.IO;

/// <summary>Walks a directory tree without ever following a symbolic link.</summary>
/// <remarks>
/// Tools that read user trees (the scanner, scope inference) must not leave the directory they were given: a link
/// to <c>/</c> or to another project would otherwise be read. Links to files are skipped too, since their target
/// may lie outside the tree. Entries come in ordinal name order, so output is deterministic.
/// </remarks>
public static class FileTree
{
    /// <summary>Lists the regular files under <paramref name="root"/>, depth first.</summary>
    /// <param name="root">The directory to walk.</param>
    /// <param name="skipDirectory">Returns <see langword="true"/> for directories not to enter (<c>.git</c>, <c>node_modules</c>).</param>
    /// <returns>The files, lazily.</returns>
    public static IEnumerable<FileInfo> Walk(DirectoryInfo root, Func<DirectoryInfo, bool> skipDirectory)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(skipDirectory);
        var entries = root.EnumerateFileSystemInfos()
            .Where(e => e.LinkTarget is null)
            .OrderBy(e => e.Name, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry is DirectoryInfo child)
            {
                if (skipDirectory(child))
                {
                    continue;
                }

                foreach (var file in Walk(child, skipDirectory))
                {
                    yield return file;
                }
            }
            else if (entry is FileInfo file)
            {
                yield return file;
            }
        }
    }
}
