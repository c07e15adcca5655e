namespace Keyward.Scanning.Reporting;

/// <summary>The report formats <c>keyward scan --format</c> accepts.</summary>
public static class ReportFormat
{
    /// <summary>Gets the reporter for a format name.</summary>
    /// <param name="format"><c>text</c>, <c>json</c> or <c>sarif</c>.</param>
    /// <returns>The reporter.</returns>
    /// <exception cref="ArgumentException">The format is unknown.</exception>
    public static IReporter For(string format) => format switch
    {
        "text" => new TextReporter(),
        "json" => new JsonReporter(),
        "sarif" => new SarifReporter(),
        _ => throw new ArgumentException($"unknown format '{format}'; use text, json or sarif", nameof(format)),
    };
}
