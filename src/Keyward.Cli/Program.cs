using Keyward.Cli;

// Ctrl+C and SIGTERM (kill, service managers) both cancel the running command, which stops cleanly.
using var signals = new TerminationSignals();
var console = new CliConsole(Console.Out, Console.Error, isTerminal: !Console.IsOutputRedirected, Console.In, isInputTerminal: !Console.IsInputRedirected);
return await KeywardCli.RunAsync(args, console, signals.Token);
