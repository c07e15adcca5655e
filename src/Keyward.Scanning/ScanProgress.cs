namespace Keyward.Scanning;

/// <summary>How far a scan has got, for progress bars.</summary>
/// <param name="FragmentsScanned">Files or blobs scanned so far.</param>
/// <param name="BytesScanned">Characters scanned so far.</param>
/// <param name="Findings">Findings so far, before suppression.</param>
public readonly record struct ScanProgress(long FragmentsScanned, long BytesScanned, int Findings);
