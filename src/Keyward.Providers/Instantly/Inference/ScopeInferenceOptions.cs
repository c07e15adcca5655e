namespace Keyward.Providers.Instantly.Inference;

/// <summary>Limits for <see cref="CallSiteScanner"/>.</summary>
public sealed class ScopeInferenceOptions
{
    /// <summary>Gets or sets the largest file read, in bytes; larger files are reported as skipped.</summary>
    /// <value>The default value is 2 MiB.</value>
    public long MaxFileBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Gets or sets how many lines around a path are searched for its HTTP method.</summary>
    /// <value>The default value is 4.</value>
    public int MethodSearchLines { get; set; } = 4;
}
