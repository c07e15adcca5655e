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

    /// <summary>Turns a library's rejection of an argument into a usage error, without the
    /// <c>(Parameter 'name')</c> suffix that names a C# parameter the user never saw.</summary>
    /// <param name="rejection">What the library refused.</param>
    /// <param name="what">Where the value came from (<c>--inbox</c>, <c>webhooks.NAME.verify</c>), to lead the
    /// message; null to use the library's message alone.</param>
    /// <returns>The usage error, with <paramref name="rejection"/> as its cause.</returns>
    public static UsageException From(ArgumentException rejection, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        var message = rejection.ParamName is { } name
            ? rejection.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal)
            : rejection.Message;
        return new UsageException(what is null ? message : $"{what}: {message}", rejection);
    }
}
