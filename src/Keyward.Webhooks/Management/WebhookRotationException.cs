namespace Keyward.Webhooks.Management;

/// <summary>A webhook secret rotation stopped before switching any webhook it had not switched yet; running the same
/// command again resumes it. The message says what to fix and never holds a secret.</summary>
public sealed class WebhookRotationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="WebhookRotationException"/> class.</summary>
    public WebhookRotationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WebhookRotationException"/> class.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    public WebhookRotationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WebhookRotationException"/> class.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public WebhookRotationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets a value indicating whether the command was wrong (no webhook sends the secret named), rather
    /// than the world (a receiver that never accepted the new secret).</summary>
    public bool IsUsageError { get; init; }
}
