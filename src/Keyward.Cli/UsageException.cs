namespace Keyward.Cli;

/// <summary>Bad input from the user; the CLI prints the message and exits with <see cref="ExitCodes.Usage"/>.</summary>
public sealed class UsageException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="UsageException"/> class.</summary>
    public UsageException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UsageException"/> class.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public UsageException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UsageException"/> class.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
