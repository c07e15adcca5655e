namespace Keyward.Scanning;

/// <summary>The commit that first introduced a blob into history.</summary>
/// <param name="Sha">The full commit hash.</param>
/// <param name="Author">The author's name.</param>
/// <param name="Email">The author's email.</param>
/// <param name="Date">The author date.</param>
/// <param name="Ordinal">The commit's position in the oldest-first history walk; orders commits made in the same second.</param>
public sealed record CommitInfo(string Sha, string Author, string Email, DateTimeOffset Date, int Ordinal = 0);
