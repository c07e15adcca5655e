namespace Keyward.Providers.Instantly;

/// <summary>Thrown when text typed by a person names no Instantly API v2 operation.</summary>
public sealed class OperationNotFoundException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="OperationNotFoundException"/> class.</summary>
    public OperationNotFoundException()
    {
        Input = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="OperationNotFoundException"/> class.</summary>
    /// <param name="message">What is wrong.</param>
    public OperationNotFoundException(string message)
        : base(message)
    {
        Input = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="OperationNotFoundException"/> class.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public OperationNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        Input = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="OperationNotFoundException"/> class.</summary>
    /// <param name="input">The text that matched nothing.</param>
    /// <param name="message">What is wrong and what would match.</param>
    public OperationNotFoundException(string input, string message)
        : base(message)
    {
        Input = input;
    }

    /// <summary>Gets the text that matched nothing.</summary>
    public string Input { get; }
}
