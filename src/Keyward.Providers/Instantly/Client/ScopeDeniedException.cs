using System.Net;
using Keyward.Core.Scopes;

namespace Keyward.Providers.Instantly.Client;

/// <summary>The key's scopes do not allow the operation: refused before sending by the scope guard, or answered 403
/// by Instantly.</summary>
public sealed class ScopeDeniedException : InstantlyApiException
{
    /// <summary>Initializes a new instance of the <see cref="ScopeDeniedException"/> class.</summary>
    public ScopeDeniedException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ScopeDeniedException"/> class.</summary>
    /// <param name="message">What was denied.</param>
    public ScopeDeniedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ScopeDeniedException"/> class.</summary>
    /// <param name="message">What was denied.</param>
    /// <param name="innerException">The cause.</param>
    public ScopeDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ScopeDeniedException"/> class.</summary>
    /// <param name="operation">The operation, <c>METHOD /api/v2/...</c>.</param>
    /// <param name="status">403 when Instantly answered, null when the guard refused before sending.</param>
    /// <param name="requiredScope">The narrowest scope that would allow the operation.</param>
    /// <param name="message">What was denied and which scope to grant.</param>
    public ScopeDeniedException(string operation, HttpStatusCode? status, Scope? requiredScope, string message)
        : base(operation, status, message)
    {
        RequiredScope = requiredScope;
    }

    /// <summary>Gets the narrowest scope that would allow the operation, for example <c>campaigns:create</c>.</summary>
    public Scope? RequiredScope { get; }

    /// <summary>Gets a value indicating whether the request was refused before anything was sent.</summary>
    public bool RefusedBeforeSending => StatusCode is null;
}
