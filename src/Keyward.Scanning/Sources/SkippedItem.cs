namespace Keyward.Scanning.Sources;

/// <summary>A file or blob a source did not scan, and why; reported, never silent.</summary>
/// <param name="Path">The relative path.</param>
/// <param name="Reason">Why, for example <c>binary</c> or <c>larger than 10485760 bytes</c>.</param>
public sealed record SkippedItem(string Path, string Reason);
