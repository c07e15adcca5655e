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
