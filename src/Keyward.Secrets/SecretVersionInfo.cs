namespace Keyward.Secrets;

/// <summary>One version of a secret, without its value.</summary>
/// <param name="VersionId">The version's id.</param>
/// <param name="Created">When it was stored.</param>
/// <param name="Labels">The staging labels on it.</param>
public sealed record SecretVersionInfo(string VersionId, DateTimeOffset Created, IReadOnlyList<string> Labels);
