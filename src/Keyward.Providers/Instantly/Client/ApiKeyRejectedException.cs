using System.Net;

namespace Keyward.Providers.Instantly.Client;

/// <summary>Instantly rejected the API key (401): it is unknown, revoked or rotated.</summary>
public sealed class ApiKeyRejectedException : InstantlyApiException
{
    /// <summary>Initializes a new instance of the <see cref="ApiKeyRejectedException"/> class.</summary>
    public ApiKeyRejectedException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ApiKeyRejectedException"/> class.</summary>
    /// <param name="message">What failed.</param>
    public ApiKeyRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ApiKeyRejectedException"/> class.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public ApiKeyRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ApiKeyRejectedException"/> class.</summary>
    /// <param name="operation">The operation, <c>METHOD /api/v2/...</c>.</param>
    /// <param name="status">The HTTP status.</param>
    /// <param name="message">What failed and what to do; never the key.</param>
    public ApiKeyRejectedException(string operation, HttpStatusCode? status, string message)
        : base(operation, status, message)
    {
    }
}
