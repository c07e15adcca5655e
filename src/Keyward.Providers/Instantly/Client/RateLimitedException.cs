using System.Net;

namespace Keyward.Providers.Instantly.Client;

/// <summary>Instantly kept answering 429 (rate limit) after every retry.</summary>
public sealed class RateLimitedException : InstantlyApiException
{
    /// <summary>Initializes a new instance of the <see cref="RateLimitedException"/> class.</summary>
    public RateLimitedException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RateLimitedException"/> class.</summary>
    /// <param name="message">What failed.</param>
    public RateLimitedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RateLimitedException"/> class.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public RateLimitedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RateLimitedException"/> class.</summary>
    /// <param name="operation">The operation, <c>METHOD /api/v2/...</c>.</param>
    /// <param name="status">The HTTP status.</param>
    /// <param name="message">What failed and what to do; never the key.</param>
    public RateLimitedException(string operation, HttpStatusCode? status, string message)
        : base(operation, status, message)
    {
    }
}
