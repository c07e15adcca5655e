namespace Keyward.Cli;

/// <summary>The exit codes every keyward command uses (docs/cli.md).</summary>
public static class ExitCodes
{
    /// <summary>Success with nothing to report.</summary>
    public const int Clean = 0;

    /// <summary>Findings, a failed check, or a difference the user must act on.</summary>
    public const int Findings = 1;

    /// <summary>Bad usage or configuration; the message says what to fix.</summary>
    public const int Usage = 2;

    /// <summary>A runtime failure such as network or storage.</summary>
    public const int Runtime = 3;

    /// <summary>Interrupted by the user (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
