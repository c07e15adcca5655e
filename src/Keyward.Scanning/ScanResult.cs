using Keyward.Scanning.Sources;

namespace Keyward.Scanning;

/// <summary>Everything a scan found and everything it left out, so nothing is silent.</summary>
/// <param name="Source">What was scanned, for example <c>git history of /repo (all refs)</c>.</param>
/// <param name="Findings">Reported findings, sorted by path, line and column.</param>
/// <param name="InlineAllowed">Matches suppressed by a <c>keyward:allow</c> comment.</param>
/// <param name="Ignored">Findings suppressed by <c>.keywardignore</c>.</param>
/// <param name="Baselined">Findings suppressed because the baseline has them.</param>
/// <param name="FragmentsScanned">Files or blobs scanned.</param>
/// <param name="BytesScanned">Characters scanned.</param>
/// <param name="Skipped">Files or blobs not scanned, and why.</param>
/// <param name="Warnings">Problems that did not stop the scan.</param>
/// <param name="Elapsed">How long the scan took.</param>
public sealed record ScanResult(
    string Source,
    IReadOnlyList<Finding> Findings,
    int InlineAllowed,
    int Ignored,
    int Baselined,
    long FragmentsScanned,
    long BytesScanned,
    IReadOnlyList<SkippedItem> Skipped,
    IReadOnlyList<string> Warnings,
    TimeSpan Elapsed);
