namespace Keyward.Scanning;

/// <summary>Everything <see cref="ScanRunner"/> needs to run one scan.</summary>
public sealed class ScanRequest
{
    /// <summary>Gets or sets the directory or file to scan; for git modes, a directory in the repository.</summary>
    /// <value>The default value is the current directory.</value>
    public string Path { get; set; } = ".";

    /// <summary>Gets or sets what to read.</summary>
    /// <value>The default value is <see cref="ScanMode.Directory"/>.</value>
    public ScanMode Mode { get; set; } = ScanMode.Directory;

    /// <summary>Gets or sets, for history scans, the revision after which commits are scanned.</summary>
    public string? Since { get; set; }

    /// <summary>Gets or sets a rules file to use instead of the built-in rules.</summary>
    public string? RulesFile { get; set; }

    /// <summary>Gets or sets a previous JSON report whose findings are not reported again.</summary>
    public string? BaselineFile { get; set; }

    /// <summary>Gets or sets a value indicating whether a directory scan skips git-ignored files.</summary>
    public bool RespectGitignore { get; set; }

    /// <summary>Gets or sets the verifier that checks found keys with their vendor, or null to stay offline.</summary>
    /// <value>The default value is <see langword="null"/>: scanning never sends a key anywhere unless asked.</value>
    public Verification.KeyVerifier? Verifier { get; set; }

    /// <summary>Gets or sets the largest file scanned, in bytes.</summary>
    /// <value>The default value is 10 MiB.</value>
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;
}
