namespace Keyward.Core.Secrets;

/// <summary>A secret reference points at nothing (an unset environment variable, a missing entry).</summary>
public sealed class SecretNotFoundException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SecretNotFoundException"/> class.</summary>
    public SecretNotFoundException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SecretNotFoundException"/> class.</summary>
    /// <param name="message">What is missing and how to provide it; never a secret value.</param>
    public SecretNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SecretNotFoundException"/> class.</summary>
    /// <param name="message">What is missing and how to provide it; never a secret value.</param>
    /// <param name="innerException">The cause.</param>
    public SecretNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
