namespace Keyward.Core.IO;

/// <summary>Writes files that hold secrets or security state: readable by their owner only (mode 0600), and, for
/// replacements, atomic and durable (temp file, fsync, rename), so a crash leaves the old file or the new one.</summary>
public static class PrivateFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="content"/> atomically; creates the directory.</summary>
    /// <param name="path">The file.</param>
    /// <param name="content">The whole new content.</param>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        using (var stream = new FileStream(temporary, Options(FileMode.Create)))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Creates <paramref name="path"/> with <paramref name="content"/>; fails if it exists.</summary>
    /// <param name="path">The file.</param>
    /// <param name="content">The content.</param>
    /// <exception cref="IOException">The file already exists.</exception>
    public static void CreateNew(string path, string content)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var stream = new FileStream(path, Options(FileMode.CreateNew));
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }

    /// <summary>Makes sure <paramref name="path"/> exists and is readable by its owner only: creates it empty (mode
    /// 0600) if it is missing, and takes away the group's and others' access to an existing one, keeping its content.
    /// Another thread or process creating it at the same moment is not an error. For stores whose first use creates
    /// their file (SQLite databases, JSON-lines logs): the database engine would otherwise create it with the umask's
    /// mode, often 0644, and a file copied in or restored from a backup keeps whatever mode it had.</summary>
    /// <param name="path">The file; its folder is created too.</param>
    /// <exception cref="UnauthorizedAccessException">The file exists, is readable by others, and belongs to another
    /// user, so its mode cannot be changed.</exception>
    /// <exception cref="IOException"><paramref name="path"/> is a directory.</exception>
    public static void EnsureExists(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            // Otherwise the create below fails with "the file already exists", which sends the reader the wrong way.
            throw new IOException($"'{Path.GetFullPath(path)}' is a directory, and a file is needed there");
        }

        if (!File.Exists(path))
        {
            try
            {
                CreateNew(path, string.Empty);
                return;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Someone else created it between the check and the create: theirs is as good, once private.
            }
        }

        const UnixFileMode OthersAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(path) is var mode && (mode & OthersAccess) != 0)
        {
            File.SetUnixFileMode(path, mode & ~OthersAccess);
        }
    }

    private static FileStreamOptions Options(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }
}
