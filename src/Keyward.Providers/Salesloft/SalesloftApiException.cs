using System.Net;

namespace Keyward.Providers.Salesloft;

/// <summary>Salesloft answered an error; the message names the request, the status and Salesloft's own message,
/// never the token.</summary>
public sealed class SalesloftApiException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SalesloftApiException"/> class.</summary>
    public SalesloftApiException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SalesloftApiException"/> class.</summary>
    /// <param name="message">What failed.</param>
    public SalesloftApiException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SalesloftApiException"/> class.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public SalesloftApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SalesloftApiException"/> class.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="message">What failed and what to do.</param>
    public SalesloftApiException(HttpStatusCode status, string message)
        : base(message)
    {
        StatusCode = status;
    }

    /// <summary>Gets the HTTP status.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Gets a value indicating whether Salesloft rejected the token (401): revoked, expired or wrong.</summary>
    public bool IsTokenRejected => StatusCode == HttpStatusCode.Unauthorized;
}
