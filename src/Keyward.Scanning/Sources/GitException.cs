namespace Keyward.Scanning.Sources;

/// <summary>Thrown when the <c>git</c> command fails; the message carries git's own error.</summary>
public sealed class GitException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="GitException"/> class.</summary>
    public GitException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GitException"/> class.</summary>
    /// <param name="message">What failed.</param>
    public GitException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GitException"/> class.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public GitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets a value indicating whether git said the directory is not a repository.</summary>
    public bool IsNotARepository => Message.Contains("not a git repository", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets a value indicating whether the user gave git something it cannot use (no repository, unknown revision).</summary>
    public bool IsUsageError => IsNotARepository
        || Message.Contains("unknown revision", StringComparison.OrdinalIgnoreCase)
        || Message.Contains("bad revision", StringComparison.OrdinalIgnoreCase)
        || Message.Contains("not installed", StringComparison.OrdinalIgnoreCase);
}
