namespace Keyward.Scanning.Sources;

/// <summary>Limits shared by every source.</summary>
public sealed class SourceOptions
{
    /// <summary>Gets or sets the largest file or blob scanned, in bytes; larger ones are reported as skipped.</summary>
    /// <value>The default value is 10 MiB.</value>
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Gets or sets a value indicating whether a directory scan skips what .gitignore ignores.</summary>
    /// <value>The default value is <see langword="false"/>: a leaked key in an ignored file is still a leak on disk.</value>
    public bool RespectGitignore { get; set; }
}
