using System.Net;

namespace Keyward.Providers.Instantly.Client;

/// <summary>The workspace has no active paid plan that includes API access (402).</summary>
public sealed class PaymentRequiredException : InstantlyApiException
{
    /// <summary>Initializes a new instance of the <see cref="PaymentRequiredException"/> class.</summary>
    public PaymentRequiredException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PaymentRequiredException"/> class.</summary>
    /// <param name="message">What failed.</param>
    public PaymentRequiredException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PaymentRequiredException"/> class.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public PaymentRequiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PaymentRequiredException"/> class.</summary>
    /// <param name="operation">The operation, <c>METHOD /api/v2/...</c>.</param>
    /// <param name="status">The HTTP status.</param>
    /// <param name="message">What failed and what to do; never the key.</param>
    public PaymentRequiredException(string operation, HttpStatusCode? status, string message)
        : base(operation, status, message)
    {
    }
}
