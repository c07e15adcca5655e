namespace Keyward.Providers.Instantly.Inference;

/// <summary>One place in source code that calls an Instantly API v2 path.</summary>
/// <param name="File">The file, relative to the scanned root, with '/' separators.</param>
/// <param name="Line">The 1-based line of the path.</param>
/// <param name="Column">The 1-based column where the path starts.</param>
/// <param name="Method">The HTTP method found near the call, or <see langword="null"/> when none was found.</param>
/// <param name="Path">The path as written, with placeholders for interpolated values.</param>
/// <param name="Operation">The catalog operation, when method and path resolve to one.</param>
/// <param name="Problem">Why the call site did not resolve, or <see langword="null"/> when it did.</param>
public sealed record CallSite(
    string File,
    int Line,
    int Column,
    string? Method,
    string Path,
    InstantlyOperation? Operation,
    string? Problem)
{
    /// <summary>Gets <c>file:line</c>.</summary>
    public string Location => $"{File}:{Line}";
}
