namespace Keyward.Providers.Instantly;

/// <summary>Thrown when no scope preset has the given name; the message lists the closest and every preset.</summary>
public sealed class PresetNotFoundException : KeyNotFoundException
{
    /// <summary>Initializes a new instance of the <see cref="PresetNotFoundException"/> class.</summary>
    public PresetNotFoundException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PresetNotFoundException"/> class.</summary>
    /// <param name="message">What is wrong and which names exist.</param>
    public PresetNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PresetNotFoundException"/> class.</summary>
    /// <param name="message">What is wrong and which names exist.</param>
    /// <param name="innerException">The cause.</param>
    public PresetNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
