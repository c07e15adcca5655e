using Keyward.Core.Auditing;
using Keyward.Core.Secrets;
using Microsoft.Extensions.DependencyInjection;

namespace Keyward.Providers.Instantly.Client;

/// <summary>An <see cref="InstantlyClient"/> with every guard of <see cref="InstantlyServiceCollectionExtensions.AddInstantly(IServiceCollection, Action{InstantlyClientOptions})"/>,
/// in its own small container, for code without a host: the CLI, and key rotation, which needs one client for the
/// admin key and another for the key it just created.</summary>
/// <remarks>An app with a host should call <c>services.AddInstantly</c> instead. Dispose the host when done.</remarks>
public sealed class InstantlyClientHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private InstantlyClientHost(ServiceProvider services)
    {
        _services = services;
        Client = services.GetRequiredService<InstantlyClient>();
    }

    /// <summary>Gets the client.</summary>
    public InstantlyClient Client { get; }

    /// <summary>Builds a client.</summary>
    /// <param name="configure">Sets the options: base address, key reference, scopes, actor.</param>
    /// <param name="secrets">Resolves the key reference; asked before the <c>env:</c> resolver.</param>
    /// <param name="audit">Receives an audit record for every call.</param>
    /// <param name="time">The clock; default the system clock.</param>
    /// <returns>The host; dispose it when done.</returns>
    public static InstantlyClientHost Create(Action<InstantlyClientOptions> configure, ISecretResolver secrets, IAuditSink audit, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(audit);
        var services = new ServiceCollection();
        services.AddSingleton(audit);
        services.AddSingleton(secrets);
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddInstantly(configure);
        return new InstantlyClientHost(services.BuildServiceProvider());
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
