namespace Keyward.Audit;

/// <summary>The audit log cannot be used as configured: a wrong or missing HMAC key, an unknown store reference,
/// a database that is not an audit log. The message says what to change.</summary>
public sealed class AuditConfigurationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="AuditConfigurationException"/> class.</summary>
    public AuditConfigurationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AuditConfigurationException"/> class.</summary>
    /// <param name="message">What to change.</param>
    public AuditConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AuditConfigurationException"/> class.</summary>
    /// <param name="message">What to change.</param>
    /// <param name="innerException">The cause.</param>
    public AuditConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
