namespace Keyward.Webhooks.Management;

/// <summary>Instantly refused a webhook after others of the same <c>webhooks create</c> were created. The message names
/// the ones that exist, so the command can be run again for the rest, and never holds a secret.</summary>
public sealed class WebhookCreationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="WebhookCreationException"/> class.</summary>
    public WebhookCreationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WebhookCreationException"/> class.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    public WebhookCreationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WebhookCreationException"/> class.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public WebhookCreationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
