using Keyward.Core.Secrets;
using Keyward.Secrets.Stores;
using Keyward.Tests.Shared;

namespace Keyward.Secrets.Tests.Stores;

public sealed class DotenvSecretStoreTests : SecretStoreContract
{
    private readonly TempDirectory _directory = new();

    protected override ISecretStore Store { get; } = new DotenvSecretStore();

    private string EnvPath => Path.Combine(_directory.Path, ".env");

    [Fact]
    public async Task Rewrite_KeepsCommentsOrderAndOtherLines_AndIsOwnerOnly()
    {
        await File.WriteAllTextAsync(EnvPath, "# service settings\nPORT=8080\nINSTANTLY_API_KEY=old-value-0123456789\n# end\nLOG_LEVEL=debug\n"); // keyward:allow (fake)

        await Store.PutAsync(Reference("INSTANTLY_API_KEY"), new SecretValue("new-value-0123456789"), SecretLabels.Current);

        var lines = await File.ReadAllLinesAsync(EnvPath);
        Assert.Equal("# service settings", lines[0]);
        Assert.Equal("PORT=8080", lines[1]);
        Assert.Equal("INSTANTLY_API_KEY=new-value-0123456789", lines[2]); // keyward:allow (fake)
        Assert.Equal(["# end", "LOG_LEVEL=debug"], lines[3..5]);
        Assert.Equal("INSTANTLY_API_KEY__KEYWARD_PREVIOUS=old-value-0123456789", lines[5]); // keyward:allow (fake)
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(EnvPath));
        Assert.Equal(["PORT", "INSTANTLY_API_KEY", "LOG_LEVEL"], await Store.ListAsync(EnvPath));
    }

    [Fact]
    public void TrackedByGit_IsWarnedAbout_UntrackedIsNot()
    {
        using var repository = new GitRepository();
        repository.Commit("oops", (".env", "A=1\n"));
        var tracked = Path.Combine(repository.Path, ".env");
        var untracked = repository.Write("local.env", "A=1\n");

        var warning = DotenvSecretStore.TrackedWarning(SecretReference.Parse($"dotenv:{tracked}#A"));

        Assert.Contains("tracked by git", warning, StringComparison.Ordinal);
        Assert.Contains("git rm --cached .env", warning, StringComparison.Ordinal);
        Assert.Null(DotenvSecretStore.TrackedWarning(SecretReference.Parse($"dotenv:{untracked}#A")));
    }

    protected override SecretReference Reference(string name) => SecretReference.Parse($"dotenv:{EnvPath}#{name}");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _directory.Dispose();
        }

        base.Dispose(disposing);
    }
}
