using Keyward.Tests.Shared;

namespace Keyward.Secrets.Tests;

public sealed class SecretSealTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task FirstUseFromManyThreadsAtOnce_CreatesOneMasterKey_ThatEverySealerShares()
    {
        var keyFile = Path.Combine(_directory.Path, "keys", "master.key");

        var sealedValues = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() => (i, new SecretSeal(keyFile).Seal($"value-{i}", "ctx")))));

        Assert.All(sealedValues, s => Assert.Equal($"value-{s.i}", new SecretSeal(keyFile).Open(s.Item2, "ctx")));
        Assert.Equal(["master.key"], Directory.GetFiles(Path.GetDirectoryName(keyFile)!).Select(Path.GetFileName));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
    }

    [Fact]
    public void AValueSealedForOneContext_DoesNotOpenInAnother_OrUnderAnotherKey()
    {
        var seal = new SecretSeal(Path.Combine(_directory.Path, "a.key"));
        var sealedValue = seal.Seal("the value", "secret A version 1");

        Assert.Equal("the value", seal.Open(sealedValue, "secret A version 1"));
        Assert.Throws<SecretStoreException>(() => seal.Open(sealedValue, "secret B version 1"));
        Assert.Throws<SecretStoreException>(() => new SecretSeal(Path.Combine(_directory.Path, "b.key")).Open(sealedValue, "secret A version 1"));
        Assert.Throws<SecretStoreException>(() => seal.Open(sealedValue[..10], "secret A version 1"));
    }
}
