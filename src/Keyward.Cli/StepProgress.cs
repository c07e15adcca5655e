namespace Keyward.Cli;

/// <summary>Prints each step of a long operation (a rotation) as it happens, synchronously and in order.</summary>
/// <param name="console">Where the lines go.</param>
/// <param name="toStderr">Whether to write them to stderr, so that stdout carries only the command's JSON result.</param>
internal sealed class StepProgress(CliConsole console, bool toStderr = false) : IProgress<string>
{
    public void Report(string value)
    {
        if (toStderr)
        {
            console.Error.WriteLine(value);
        }
        else
        {
            console.Line(value);
        }
    }
}
