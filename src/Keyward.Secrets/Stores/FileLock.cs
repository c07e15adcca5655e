namespace Keyward.Secrets.Stores;

/// <summary>An exclusive lock on a lock file beside a store's file, held for a read-modify-write, so writers in other
/// threads and processes wait their turn. The lock file stays: deleting it on release would let two writers lock
/// different files.</summary>
internal static class FileLock
{
    /// <exception cref="IOException">Another writer held the lock for 30 seconds.</exception>
    public static FileStream Acquire(string path, TimeProvider time)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (time.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
            {
                Thread.Sleep(5);
            }
        }
    }
}
