namespace Keyward.Rotation;

/// <summary>A rotation cannot go on: the message says why and what to do (resume, fix the store, pass a flag).
/// Never carries a key value.</summary>
public class RotationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="RotationException"/> class.</summary>
    public RotationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RotationException"/> class.</summary>
    /// <param name="message">What happened and what to do.</param>
    public RotationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RotationException"/> class.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public RotationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
