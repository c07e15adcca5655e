using Keyward.Core.IO;
using Keyward.Tests.Shared;

namespace Keyward.Core.Tests.IO;

public class PrivateFileTests
{
    [Fact]
    public void WriteAtomically_ReplacesTheWholeFile_OwnerOnly_NoTempLeft()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "nested", "state.json");

        PrivateFile.WriteAtomically(path, "first, and longer"u8);
        PrivateFile.WriteAtomically(path, "second"u8);

        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void CreateNew_IsOwnerOnly_AndRefusesToOverwrite()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "keys", "master.key");

        PrivateFile.CreateNew(path, "key material");

        Assert.Equal("key material", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Throws<IOException>(() => PrivateFile.CreateNew(path, "other"));
        Assert.Equal("key material", File.ReadAllText(path));
    }

    [Fact]
    public async Task EnsureExists_FromManyThreadsAtOnce_CreatesOneOwnerOnlyFile_AndMakesAnExistingOnePrivate_KeepingItsContent()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "store", "inbox.db");
        var kept = dir.Write("kept.jsonl", "line\n");
        File.SetUnixFileMode(kept, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => PrivateFile.EnsureExists(path))));
        PrivateFile.EnsureExists(kept);

        Assert.Equal(0, new FileInfo(path).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("line\n", File.ReadAllText(kept));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(kept));
    }

    [Fact]
    public void EnsureExists_OnADirectory_SaysItIsADirectory_AndLeavesItAlone()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "inbox.db");
        Directory.CreateDirectory(path);

        var error = Assert.Throws<IOException>(() => PrivateFile.EnsureExists(path));

        Assert.Contains($"'{path}' is a directory", error.Message, StringComparison.Ordinal);
        Assert.True(Directory.Exists(path));
    }
}
