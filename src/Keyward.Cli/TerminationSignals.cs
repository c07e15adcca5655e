using System.Runtime.InteropServices;

namespace Keyward.Cli;

/// <summary>Turns Ctrl+C (SIGINT) and SIGTERM (kill, service managers) into cancellation of the running command, which
/// then stops cleanly instead of the process being killed.</summary>
/// <remarks>
/// A signal can be handled on the runtime's signal thread after the command has finished and this object is disposed:
/// the host of <c>keyward webhooks serve</c> stops on the same SIGTERM, the command returns, and the process exits
/// while the handler is still queued. Cancelling a disposed <see cref="CancellationTokenSource"/> would throw on that
/// thread and abort the process (exit 134) after a clean stop, so the source is never disposed: it has no timer and
/// no wait handle, so there is nothing to release.
/// </remarks>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;

    /// <summary>Initializes a new instance of the <see cref="TerminationSignals"/> class and starts handling the
    /// signals.</summary>
    public TerminationSignals()
    {
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
    }

    /// <summary>Gets the token that the first signal cancels.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>Stops handling the signals; one that is already being handled only cancels <see cref="Token"/>.</summary>
    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
    }

    /// <summary>Handles one signal: the process is not terminated, the running command is cancelled.</summary>
    /// <param name="context">The signal.</param>
    internal void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        _cancellation.Cancel();
    }
}
