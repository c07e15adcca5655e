using System.Security.Cryptography;
using System.Text;

namespace Keyward.Core.Secrets;

/// <summary>A secret that redacts itself everywhere it could leak: <c>ToString</c>, debuggers, JSON, logs.</summary>
/// <remarks>
/// <para>
/// Only <see cref="Reveal"/> returns the value, so every place that prints a secret is one search away. Use
/// <see cref="Preview"/> in reports: the first four characters and the length, which is enough to recognise a
/// key without being able to use it.
/// </para>
/// <para>Instances are immutable and safe to share between threads.</para>
/// </remarks>
[System.Diagnostics.DebuggerDisplay("{Preview,nq}")]
public sealed class SecretValue : IEquatable<SecretValue>
{
    private const int PreviewCharacters = 4;

    private readonly string _value;

    /// <summary>Initializes a new instance of the <see cref="SecretValue"/> class.</summary>
    /// <param name="value">The secret.</param>
    public SecretValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>Gets the secret's length in characters.</summary>
    public int Length => _value.Length;

    /// <summary>Gets a redacted preview: the first four characters, "..." and the length (ASCII, so it survives any log).</summary>
    /// <value>For example <c>ak_d...(67 chars)</c>; short secrets show no characters at all.</value>
    public string Preview => _value.Length <= PreviewCharacters * 2
        ? $"...({_value.Length} chars)"
        : $"{_value[..PreviewCharacters]}...({_value.Length} chars)";

    /// <summary>Returns the secret itself.</summary>
    /// <returns>The unredacted value.</returns>
    /// <remarks>Call it only to use the secret (an HTTP header, a store write) or when the user passed <c>--no-redact</c>.</remarks>
    public string Reveal() => _value;

    /// <summary>Computes the lowercase hex SHA-256 of the secret's UTF-8 bytes.</summary>
    /// <returns>64 hex characters: safe to store and compare, impossible to use as the secret.</returns>
    public string Sha256Hex() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_value)));

    /// <summary>Returns <see cref="Preview"/>, never the secret.</summary>
    /// <returns>The redacted preview.</returns>
    public override string ToString() => Preview;

    /// <summary>Compares two secrets in constant time.</summary>
    /// <param name="other">The other secret.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(SecretValue? other) =>
        other is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(_value), Encoding.UTF8.GetBytes(other._value));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SecretValue);

    /// <inheritdoc/>
    /// <remarks>Derived from the SHA-256, so the hash code reveals nothing usable.</remarks>
    public override int GetHashCode() => Sha256Hex().GetHashCode(StringComparison.Ordinal);
}
