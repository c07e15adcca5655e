using Keyward.Core.Secrets;
using Keyward.Secrets.Stores;

namespace Keyward.Secrets.Tests.Stores;

public class EnvironmentSecretStoreTests
{
    [Fact]
    public async Task ReadsTheVariableAsCurrent_AndRefusesWrites()
    {
        var name = "KEYWARD_TEST_" + Guid.NewGuid().ToString("N");
        var reference = SecretReference.Parse($"env:{name}");
        var store = new EnvironmentSecretStore();
        Environment.SetEnvironmentVariable(name, "env-value-0123456789");
        try
        {
            Assert.True(store.IsReadOnly);
            Assert.Equal("env-value-0123456789", (await store.GetAsync(reference, SecretLabels.Current)).Reveal());
            Assert.Single(await store.GetVersionsAsync(reference));
            await Assert.ThrowsAsync<SecretNotFoundException>(() => store.GetAsync(reference, SecretLabels.Pending).AsTask());
            var error = await Assert.ThrowsAsync<SecretStoreException>(() => store.PutAsync(reference, new SecretValue("x"), SecretLabels.Current).AsTask());
            Assert.Contains("vault-file:", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
