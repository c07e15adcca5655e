using System.Diagnostics;

namespace Keyward.Tests.Shared;

/// <summary>Makes a file unwritable to this process until disposed. The suites run as root in CI, where a mode of 0400
/// stops nothing, so as root the file is made immutable (<c>chattr +i</c>, which binds root too); otherwise its mode
/// becomes 0400.</summary>
internal sealed class UnwritableFile : IDisposable
{
    private readonly string _path;
    private readonly UnixFileMode _mode;
    private readonly bool _immutable;

    private UnwritableFile(string path, UnixFileMode mode, bool immutable)
    {
        _path = path;
        _mode = mode;
        _immutable = immutable;
    }

    /// <summary>Makes <paramref name="path"/> unwritable, or returns null where this machine cannot (root on a file
    /// system without immutable files, or without the capability to set them): the caller then has nothing to test.</summary>
    public static UnwritableFile? TryMake(string path)
    {
        var mode = File.GetUnixFileMode(path);
        if (Environment.UserName != "root")
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead);
            return new UnwritableFile(path, mode, immutable: false);
        }

        return Chattr("+i", path) ? new UnwritableFile(path, mode, immutable: true) : null;
    }

    public void Dispose()
    {
        if (_immutable)
        {
            Chattr("-i", _path);
        }
        else
        {
            File.SetUnixFileMode(_path, _mode);
        }
    }

    private static bool Chattr(string change, string path)
    {
        try
        {
            using var chattr = Process.Start(new ProcessStartInfo("chattr", [change, path]) { RedirectStandardError = true })!;
            chattr.StandardError.ReadToEnd();
            chattr.WaitForExit();
            return chattr.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no chattr here
        }
    }
}
