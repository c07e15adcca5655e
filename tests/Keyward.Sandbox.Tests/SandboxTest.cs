namespace Keyward.Sandbox.Tests;

/// <summary>Starts a fresh sandbox on a free loopback port for each test, and a client with its admin key.</summary>
public abstract class SandboxTest : IAsyncLifetime, IDisposable
{
    private SandboxServer? _server;
    private SandboxClient? _client;

    internal SandboxServer Server => _server ?? throw new InvalidOperationException("not started");

    internal SandboxClient Client => _client ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _server = await SandboxServer.StartAsync(Options());
        _client = new SandboxClient(_server);
        await StartedAsync();
    }

    public async Task DisposeAsync()
    {
        Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    private protected virtual SandboxOptions Options() => new();

    private protected virtual Task StartedAsync() => Task.CompletedTask;

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _client?.Dispose();
        }
    }
}
