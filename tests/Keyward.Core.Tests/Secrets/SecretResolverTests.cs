using Keyward.Core.Secrets;

namespace Keyward.Core.Tests.Secrets;

public class SecretResolverTests
{
    [Fact]
    public async Task Environment_ReadsTheVariableAtEveryCall_SoAChangedValueIsPickedUp()
    {
        var name = "KEYWARD_TEST_" + Guid.NewGuid().ToString("N");
        var resolver = new EnvironmentSecretResolver();
        var reference = SecretReference.Parse($"env:{name}");
        try
        {
            Environment.SetEnvironmentVariable(name, "first-value-0001");
            var first = await resolver.ResolveAsync(reference);
            Environment.SetEnvironmentVariable(name, "second-value-0002");
            var second = await resolver.ResolveAsync(reference);

            Assert.Equal("first-value-0001", first.Reveal());
            Assert.Equal("second-value-0002", second.Reveal());
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public async Task Environment_UnsetVariable_NamesIt()
    {
        var error = await Assert.ThrowsAsync<SecretNotFoundException>(() => new EnvironmentSecretResolver().ResolveAsync(SecretReference.Parse("env:KEYWARD_SURELY_UNSET")).AsTask());

        Assert.Contains("KEYWARD_SURELY_UNSET is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Composite_UnknownScheme_SaysWhichSchemeAndWhatWorks()
    {
        var composite = new CompositeSecretResolver([new EnvironmentSecretResolver()]);

        var error = await Assert.ThrowsAsync<SecretNotFoundException>(() => composite.ResolveAsync(SecretReference.Parse("vault-file:.keyward/vault#KEY")).AsTask());

        Assert.False(composite.CanResolve(SecretReference.Parse("vault-file:x#y")));
        Assert.Contains("'vault-file:'", error.Message, StringComparison.Ordinal);
        Assert.Contains("env:NAME", error.Message, StringComparison.Ordinal);
    }
}
