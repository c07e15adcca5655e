namespace Keyward.Scanning.Rules;

/// <summary>Where in a text a rule's regex runs (<c>scope:</c> in a rule file).</summary>
/// <remarks>A narrower scope gives the same findings for a rule whose matches fit it, at a fraction of the cost:
/// the regex then skips most of the text instead of trying to match at every likely character.</remarks>
public enum RuleScope
{
    /// <summary>All of the text (<c>text</c>, the default): right for any regex.</summary>
    Text = 0,

    /// <summary>Only the lines that contain one of the rule's keywords (<c>keyword-lines</c>). For a rule whose every
    /// match lies on one line with a keyword, such as a broad keyword-and-value rule (generic-api-key).</summary>
    KeywordLines = 1,

    /// <summary>Only runs of base64 characters, either alphabet, at least 40 long, with any <c>=</c> padding after them
    /// (<c>base64-runs</c>). For a rule whose every match is made of base64 characters and is at least 40 long, such as
    /// an encoded key with no prefix or keyword (instantly-api-key).</summary>
    Base64Runs = 2,
}
