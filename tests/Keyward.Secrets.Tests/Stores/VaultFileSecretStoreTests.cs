using System.Security.Cryptography;
using System.Text;
using Keyward.Core.Secrets;
using Keyward.Secrets.Stores;
using Keyward.Tests.Shared;

namespace Keyward.Secrets.Tests.Stores;

public sealed class VaultFileSecretStoreTests : SecretStoreContract
{
    private readonly TempDirectory _directory = new();

    public VaultFileSecretStoreTests()
    {
        KeyFile = Path.Combine(_directory.Path, "master.key");
        Store = new VaultFileSecretStore(KeyFile);
    }

    protected override ISecretStore Store { get; }

    private string KeyFile { get; }

    private string VaultPath => Path.Combine(_directory.Path, "secrets.kwv");

    [Fact]
    public async Task VaultAndKeyFile_AreOwnerOnly_AndHoldNoPlaintext()
    {
        await Store.PutAsync(Reference("instantly/prod"), new SecretValue("plaintext-canary-0123456789"), SecretLabels.Current);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(VaultPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        var raw = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(VaultPath));
        Assert.DoesNotContain("plaintext-canary", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("instantly/prod", raw, StringComparison.Ordinal);
        Assert.Equal(["instantly/prod"], await Store.ListAsync(VaultPath));
    }

    [Fact]
    public async Task WrongMasterKey_IsAClearError_NeverGarbage()
    {
        await Store.PutAsync(Reference("instantly/prod"), new SecretValue("value-0123456789abcdef"), SecretLabels.Current);
        await File.WriteAllTextAsync(KeyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        var error = await Assert.ThrowsAsync<SecretStoreException>(() => Store.GetAsync(Reference("instantly/prod"), SecretLabels.Current).AsTask());

        Assert.Contains("master key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TamperedFile_IsAClearError()
    {
        await Store.PutAsync(Reference("instantly/prod"), new SecretValue("value-0123456789abcdef"), SecretLabels.Current);
        var bytes = await File.ReadAllBytesAsync(VaultPath);
        bytes[^1] ^= 1;
        await File.WriteAllBytesAsync(VaultPath, bytes);

        var error = await Assert.ThrowsAsync<SecretStoreException>(() => Store.GetAsync(Reference("instantly/prod"), SecretLabels.Current).AsTask());

        Assert.Contains("was modified", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedReference_NamesTheExpectedShape()
    {
        var error = await Assert.ThrowsAsync<SecretStoreException>(() => Store.GetAsync(SecretReference.Parse("vault-file:no-name-here"), SecretLabels.Current).AsTask());

        Assert.Contains("vault-file:PATH#NAME", error.Message, StringComparison.Ordinal);
    }

    protected override SecretReference Reference(string name) => SecretReference.Parse($"vault-file:{VaultPath}#{name}");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _directory.Dispose();
        }

        base.Dispose(disposing);
    }
}
