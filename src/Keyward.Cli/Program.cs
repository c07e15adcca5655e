using System.Runtime.InteropServices;
using Keyward.Cli;

// Ctrl+C and SIGTERM (kill, service managers) both cancel the running command, which stops cleanly.
using var cancellation = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);

void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    cancellation.Cancel();
}

var console = new CliConsole(Console.Out, Console.Error, isTerminal: !Console.IsOutputRedirected, Console.In, isInputTerminal: !Console.IsInputRedirected);
return await KeywardCli.RunAsync(args, console, cancellation.Token);
