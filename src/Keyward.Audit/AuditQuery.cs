namespace Keyward.Audit;

/// <summary>Filters for reading the log; null fields do not filter.</summary>
/// <param name="Since">Only entries at or after this time.</param>
/// <param name="Until">Only entries before this time.</param>
/// <param name="Action">Only this action (exact).</param>
/// <param name="Actor">Only this actor (exact).</param>
/// <param name="Succeeded">Only successes (true) or failures (false).</param>
/// <param name="Source">Only <c>local</c> or <c>instantly</c> entries.</param>
public sealed record AuditQuery(
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    string? Action = null,
    string? Actor = null,
    bool? Succeeded = null,
    string? Source = null)
{
    /// <summary>Tells whether an entry passes every filter.</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>Whether it matches.</returns>
    public bool Matches(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (Since is null || entry.Timestamp >= Since)
            && (Until is null || entry.Timestamp < Until)
            && (Action is null || entry.Action == Action)
            && (Actor is null || entry.Actor == Actor)
            && (Succeeded is null || entry.Succeeded == Succeeded)
            && (Source is null || entry.Source == Source);
    }
}
