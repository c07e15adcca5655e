using Keyward.Core.IO;
using Keyward.Tests.Shared;

namespace Keyward.Core.Tests.IO;

public class FileTreeTests
{
    [Fact]
    public void Walk_ListsFilesInOrder_SkipsChosenDirectories_AndNeverFollowsLinks()
    {
        using var root = new TempDirectory();
        using var outside = new TempDirectory();
        outside.Write("secret.txt", "outside");
        root.Write("b.txt", "b");
        root.Write("a/z.txt", "z");
        root.Write("a/y.txt", "y");
        root.Write("node_modules/dep.js", "dep");
        File.CreateSymbolicLink(Path.Combine(root.Path, "link-dir"), outside.Path);
        File.CreateSymbolicLink(Path.Combine(root.Path, "link-file.txt"), Path.Combine(outside.Path, "secret.txt"));

        var files = FileTree.Walk(new DirectoryInfo(root.Path), d => d.Name == "node_modules")
            .Select(f => Path.GetRelativePath(root.Path, f.FullName))
            .ToArray();

        Assert.Equal(["a/y.txt", "a/z.txt", "b.txt"], files);
    }
}
