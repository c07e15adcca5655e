namespace Keyward.Tests.Shared;

/// <summary>Locates the repository and the shared reference next to it, from a test's output directory.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The vendor reference checked out beside the repository (CI clones main with shared/ beside it).</summary>
    public static string SharedReference(string file) =>
        Path.GetFullPath(Path.Combine(Root, "..", "shared", "reference", file));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Keyward.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Keyward.slnx not found above {AppContext.BaseDirectory}.");
    }
}
