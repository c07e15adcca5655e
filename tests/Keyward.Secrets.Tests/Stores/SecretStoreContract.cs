using Keyward.Core.Secrets;

namespace Keyward.Secrets.Tests.Stores;

/// <summary>What every writable store must do; one subclass per store runs it against the real thing.</summary>
public abstract class SecretStoreContract : IDisposable
{
    private const string First = "first-value-not-a-real-key-0001";
    private const string Second = "second-value-not-a-real-key-0002";

    protected abstract ISecretStore Store { get; }

    protected abstract SecretReference Reference(string name);

    [Fact]
    public async Task Put_ThenGet_RoundTripsTheCurrentValue()
    {
        var reference = Reference("INSTANTLY_API_KEY");

        await Store.PutAsync(reference, new SecretValue(First), SecretLabels.Current);

        Assert.Equal(First, (await Store.GetAsync(reference, SecretLabels.Current)).Reveal());
        Assert.Equal(First, (await Store.ResolveAsync(reference)).Reveal());
    }

    [Fact]
    public async Task Pending_DoesNotTouchCurrent_UntilPromoted_ThenCurrentBecomesPrevious()
    {
        var reference = Reference("INSTANTLY_API_KEY");
        var firstId = await Store.PutAsync(reference, new SecretValue(First), SecretLabels.Current);

        var pendingId = await Store.PutAsync(reference, new SecretValue(Second), SecretLabels.Pending);
        var beforePromotion = await Store.GetAsync(reference, SecretLabels.Current);
        await Store.PromoteAsync(reference, pendingId);

        Assert.Equal(First, beforePromotion.Reveal());
        Assert.Equal(Second, (await Store.GetAsync(reference, SecretLabels.Current)).Reveal());
        Assert.Equal(First, (await Store.GetAsync(reference, SecretLabels.Previous)).Reveal());
        await Assert.ThrowsAsync<SecretNotFoundException>(() => Store.GetAsync(reference, SecretLabels.Pending).AsTask());
        var versions = await Store.GetVersionsAsync(reference);
        Assert.Equal([pendingId, firstId], versions.Select(v => v.VersionId));
        Assert.Equal([SecretLabels.Current], versions[0].Labels);
        Assert.Equal([SecretLabels.Previous], versions[1].Labels);
    }

    [Fact]
    public async Task Promote_IsIdempotent_AndRefusesAVersionThatIsNotPending()
    {
        var reference = Reference("INSTANTLY_API_KEY");
        var firstId = await Store.PutAsync(reference, new SecretValue(First), SecretLabels.Current);
        var pendingId = await Store.PutAsync(reference, new SecretValue(Second), SecretLabels.Pending);

        await Store.PromoteAsync(reference, pendingId);
        await Store.PromoteAsync(reference, pendingId);

        Assert.Equal(Second, (await Store.GetAsync(reference, SecretLabels.Current)).Reveal());
        Assert.Equal(First, (await Store.GetAsync(reference, SecretLabels.Previous)).Reveal());
        var error = await Assert.ThrowsAsync<SecretStoreException>(() => Store.PromoteAsync(reference, firstId).AsTask());
        Assert.Contains("not pending", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingSecretOrLabel_IsNotFound_WithoutAnyValueInTheMessage()
    {
        var reference = Reference("INSTANTLY_API_KEY");
        await Store.PutAsync(reference, new SecretValue(First), SecretLabels.Current);

        var missingLabel = await Assert.ThrowsAsync<SecretNotFoundException>(() => Store.GetAsync(reference, SecretLabels.Pending).AsTask());
        var missingSecret = await Assert.ThrowsAsync<SecretNotFoundException>(() => Store.GetAsync(Reference("NOTHING_HERE"), SecretLabels.Current).AsTask());

        Assert.DoesNotContain(First, missingLabel.Message, StringComparison.Ordinal);
        Assert.Contains("NOTHING_HERE", missingSecret.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_RaiseChanged()
    {
        var reference = Reference("INSTANTLY_API_KEY");
        var changes = new List<SecretReference>();
        Store.Changed += (_, changed) => changes.Add(changed);

        var id = await Store.PutAsync(reference, new SecretValue(First), SecretLabels.Pending);
        await Store.PromoteAsync(reference, id);

        Assert.Equal([reference, reference], changes);
    }

    [Fact]
    public async Task ConcurrentWriters_LoseNoVersion()
    {
        var names = Enumerable.Range(0, 20).Select(i => $"key-{i}").ToArray();

        await Task.WhenAll(names.Select(n => Task.Run(() => Store.PutAsync(Reference(n), new SecretValue($"value-of-{n}-0000000000"), SecretLabels.Current).AsTask())));

        foreach (var name in names)
        {
            Assert.Equal($"value-of-{name}-0000000000", (await Store.GetAsync(Reference(name), SecretLabels.Current)).Reveal());
        }
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
