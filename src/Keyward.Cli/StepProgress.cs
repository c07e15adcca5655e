namespace Keyward.Cli;

/// <summary>Prints each step of a long operation (a rotation) as it happens, synchronously and in order.</summary>
/// <param name="console">Where the lines go.</param>
internal sealed class StepProgress(CliConsole console) : IProgress<string>
{
    public void Report(string value) => console.Line(value);
}
