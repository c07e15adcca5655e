namespace Keyward.Core;

/// <summary>How a <see cref="Severity"/> reads in SARIF 2.1.0, the same in every report keyward writes (the scanner's
/// and the checklist's), so code scanning ranks their results alike.</summary>
public static class SarifSeverity
{
    /// <summary>Gets the result <c>level</c>: critical and high are errors, medium a warning, the rest notes.</summary>
    /// <param name="severity">The severity.</param>
    /// <returns><c>error</c>, <c>warning</c> or <c>note</c>.</returns>
    public static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    /// <summary>Gets the rule's <c>security-severity</c> property, the 0-10 score GitHub code scanning sorts by.</summary>
    /// <param name="severity">The severity.</param>
    /// <returns>The score as text, such as <c>9.5</c>.</returns>
    public static string Score(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "3.0",
        _ => "1.0",
    };
}
