namespace Keyward.Core.IO;

/// <summary>An exclusive lock on a lock file, held while a writer reads, changes and rewrites something, so writers
/// in other threads and processes take turns. The operating system drops the lock when the process dies, even by
/// SIGKILL, so a crash never leaves a stale lock. The lock file stays: deleting it on release would let two writers
/// lock different files.</summary>
public static class FileLock
{
    /// <summary>Takes the lock, waiting up to 30 seconds for another holder.</summary>
    /// <param name="path">The lock file (created if missing).</param>
    /// <param name="time">The clock that measures the wait.</param>
    /// <returns>The open lock file; dispose it to release the lock.</returns>
    /// <exception cref="IOException">Another writer held the lock for 30 seconds.</exception>
    public static FileStream Acquire(string path, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var started = time.GetTimestamp();
        while (true)
        {
            if (TryAcquire(path) is { } held)
            {
                return held;
            }

            if (time.GetElapsedTime(started) >= TimeSpan.FromSeconds(30))
            {
                throw new IOException($"'{path}' has been locked by another writer for 30 seconds");
            }

            Thread.Sleep(5);
        }
    }

    /// <summary>Takes the lock if nobody holds it; for work that must not wait, such as a rotation another process
    /// is running.</summary>
    /// <param name="path">The lock file (created if missing, with its folder).</param>
    /// <returns>The open lock file, or null when another holder has it.</returns>
    public static FileStream? TryAcquire(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
    }
}
