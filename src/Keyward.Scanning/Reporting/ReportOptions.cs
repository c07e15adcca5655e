namespace Keyward.Scanning.Reporting;

/// <summary>How a report is written.</summary>
public sealed class ReportOptions
{
    /// <summary>Gets or sets a value indicating whether secrets appear only as a preview (first four characters and length).</summary>
    /// <value>The default value is <see langword="true"/>; only <c>--no-redact</c> turns it off.</value>
    public bool Redact { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the text report uses ANSI colours.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Color { get; set; }

    /// <summary>Gets or sets the keyward version written into JSON and SARIF.</summary>
    /// <value>The default value is the Keyward.Scanning assembly version.</value>
    public string ToolVersion { get; set; } =
        typeof(ReportOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
