namespace Keyward.Secrets;

/// <summary>A store cannot do what was asked: read-only, unreadable (wrong master key, tampered file), or a label or
/// version that does not exist. The message says what to do and never holds a secret value.</summary>
public sealed class SecretStoreException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SecretStoreException"/> class.</summary>
    public SecretStoreException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SecretStoreException"/> class.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    public SecretStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SecretStoreException"/> class.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public SecretStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
