namespace Keyward.Scanning.Reporting;

/// <summary>Writes a scan result in one format.</summary>
public interface IReporter
{
    /// <summary>Writes the report.</summary>
    /// <param name="result">The scan result.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="options">Redaction, colour, version.</param>
    void Write(ScanResult result, TextWriter writer, ReportOptions options);
}
