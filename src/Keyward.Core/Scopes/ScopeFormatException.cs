namespace Keyward.Core.Scopes;

/// <summary>Thrown when text is not a scope the vendor knows; carries the closest valid scopes.</summary>
public sealed class ScopeFormatException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="ScopeFormatException"/> class.</summary>
    public ScopeFormatException()
    {
        Input = string.Empty;
        Suggestions = [];
    }

    /// <summary>Initializes a new instance of the <see cref="ScopeFormatException"/> class.</summary>
    /// <param name="message">What is wrong.</param>
    public ScopeFormatException(string message)
        : base(message)
    {
        Input = string.Empty;
        Suggestions = [];
    }

    /// <summary>Initializes a new instance of the <see cref="ScopeFormatException"/> class.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ScopeFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Input = string.Empty;
        Suggestions = [];
    }

    /// <summary>Initializes a new instance of the <see cref="ScopeFormatException"/> class.</summary>
    /// <param name="input">The rejected text.</param>
    /// <param name="message">What is wrong, including the suggestions.</param>
    /// <param name="suggestions">The closest valid scopes, best first.</param>
    public ScopeFormatException(string input, string message, IReadOnlyList<string> suggestions)
        : base(message)
    {
        Input = input;
        Suggestions = suggestions;
    }

    /// <summary>Gets the rejected text.</summary>
    public string Input { get; }

    /// <summary>Gets the closest valid scopes, best first; empty when nothing is close.</summary>
    public IReadOnlyList<string> Suggestions { get; }
}
