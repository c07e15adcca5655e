namespace Keyward.Secrets;

/// <summary>The staging labels of a secret's versions, after AWS Secrets Manager's rotation model: the version
/// consumers use, the one being rolled out, and the one just replaced.</summary>
public static class SecretLabels
{
    /// <summary>The version consumers read.</summary>
    public const string Current = "current";

    /// <summary>A new version created by a rotation, not yet promoted.</summary>
    public const string Pending = "pending";

    /// <summary>The version <see cref="Current"/> replaced at the last promotion.</summary>
    public const string Previous = "previous";

    /// <summary>Gets the three labels.</summary>
    public static IReadOnlyList<string> All { get; } = [Current, Pending, Previous];

    /// <summary>Checks that a new version may be given <paramref name="label"/>: current or pending, never previous.</summary>
    /// <param name="label">The label.</param>
    /// <exception cref="ArgumentException">It is another label.</exception>
    internal static void EnsureForNewVersion(string label)
    {
        if (label is not (Current or Pending))
        {
            throw new ArgumentException($"a new version is labelled current or pending, not '{label}'", nameof(label));
        }
    }
}
