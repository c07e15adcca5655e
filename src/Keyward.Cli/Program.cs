using Keyward.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var console = new CliConsole(Console.Out, Console.Error, isTerminal: !Console.IsOutputRedirected);
return await KeywardCli.RunAsync(args, console, cancellation.Token);
