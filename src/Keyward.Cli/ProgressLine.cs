using Keyward.Scanning;

namespace Keyward.Cli;

/// <summary>A one-line progress display on stderr, shown only when stdout is a terminal.</summary>
internal sealed class ProgressLine(TextWriter error) : IProgress<ScanProgress>
{
    private readonly Lock _gate = new();

    public static IProgress<ScanProgress>? For(CliConsole console) => console.IsTerminal ? new ProgressLine(console.Error) : null;

    public void Report(ScanProgress value)
    {
        lock (_gate)
        {
            error.Write($"\rscanned {value.FragmentsScanned} files, {value.BytesScanned / (1024.0 * 1024.0):F1} MiB, {value.Findings} candidate findings   \r");
        }
    }
}
