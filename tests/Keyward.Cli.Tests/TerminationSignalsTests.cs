using System.Runtime.InteropServices;

namespace Keyward.Cli.Tests;

public sealed class TerminationSignalsTests
{
    [Fact]
    public void Handle_CancelsTheToken_AndKeepsTheProcessAlive()
    {
        using var signals = new TerminationSignals();
        var context = new PosixSignalContext(PosixSignal.SIGTERM);

        signals.Handle(context);

        Assert.True(signals.Token.IsCancellationRequested);
        Assert.True(context.Cancel);
    }

    [Fact]
    public void Handle_AfterDispose_DoesNotThrow()
    {
        // The command has finished and the process is exiting when the runtime's signal thread gets to the handler:
        // throwing there aborted `keyward webhooks serve` with exit code 134 after it had stopped cleanly.
        var signals = new TerminationSignals();
        signals.Dispose();

        var handled = Record.Exception(() => signals.Handle(new PosixSignalContext(PosixSignal.SIGTERM)));

        Assert.Null(handled);
        Assert.True(signals.Token.IsCancellationRequested);
    }
}
