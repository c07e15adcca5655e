using Keyward.Core.IO;
using Keyward.Tests.Shared;

namespace Keyward.Core.Tests.IO;

public class TextFileTests
{
    [Fact]
    public void TryRead_Text_ReturnsContentAndInvalidUtf8IsReplacedNotFatal()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "a.txt");
        File.WriteAllBytes(path, [(byte)'o', (byte)'k', 0xff, (byte)'!']);

        Assert.True(TextFile.TryRead(new FileInfo(path), 100, out var text, out _));
        Assert.Equal("ok\uFFFD!", text);
    }

    [Fact]
    public void TryRead_NulWithinTheProbe_IsBinary_ButANulAfterItIsNot()
    {
        using var directory = new TempDirectory();
        var early = Path.Combine(directory.Path, "early.bin");
        var late = Path.Combine(directory.Path, "late.txt");
        var bytes = Enumerable.Repeat((byte)'x', TextFile.BinaryProbeBytes + 10).ToArray();
        bytes[TextFile.BinaryProbeBytes - 1] = 0;
        File.WriteAllBytes(early, bytes);
        bytes[TextFile.BinaryProbeBytes - 1] = (byte)'x';
        bytes[TextFile.BinaryProbeBytes] = 0;
        File.WriteAllBytes(late, bytes);

        Assert.False(TextFile.TryRead(new FileInfo(early), long.MaxValue, out _, out var reason));
        Assert.Equal("binary", reason);
        Assert.True(TextFile.TryRead(new FileInfo(late), long.MaxValue, out var text, out _));
        Assert.Equal(bytes.Length, text.Length);
    }

    [Fact]
    public void TryRead_TooLargeOrMissing_SaysWhy()
    {
        using var directory = new TempDirectory();
        var big = directory.Write("big.txt", new string('y', 50));

        Assert.False(TextFile.TryRead(new FileInfo(big), 49, out _, out var large));
        Assert.Equal("larger than 49 bytes", large);
        Assert.False(TextFile.TryRead(new FileInfo(Path.Combine(directory.Path, "gone.txt")), 100, out _, out var missing));
        Assert.StartsWith("unreadable: ", missing, StringComparison.Ordinal);
    }
}
