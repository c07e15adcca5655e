using System.Net;

namespace Keyward.Providers.Instantly.Client;

/// <summary>Instantly answered an error. Subclasses name the cases callers handle differently.</summary>
/// <remarks>Messages carry the operation, the status and Instantly's own message; never a key.</remarks>
public class InstantlyApiException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="InstantlyApiException"/> class.</summary>
    public InstantlyApiException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InstantlyApiException"/> class.</summary>
    /// <param name="message">What failed.</param>
    public InstantlyApiException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InstantlyApiException"/> class.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public InstantlyApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InstantlyApiException"/> class.</summary>
    /// <param name="operation">The operation, <c>METHOD /api/v2/...</c>.</param>
    /// <param name="status">The HTTP status, or null when nothing was sent.</param>
    /// <param name="message">What failed.</param>
    public InstantlyApiException(string operation, HttpStatusCode? status, string message)
        : base(message)
    {
        Operation = operation;
        StatusCode = status;
    }

    /// <summary>Gets the operation, <c>METHOD /api/v2/...</c>.</summary>
    public string? Operation { get; }

    /// <summary>Gets the HTTP status, or null when the request was refused before sending.</summary>
    public HttpStatusCode? StatusCode { get; }
}
