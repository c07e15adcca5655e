namespace Keyward.Providers.Instantly.Client.Models;

/// <summary>Filters for <c>GET /api/v2/audit-logs</c>; null fields are not sent.</summary>
/// <param name="Limit">1 to 1000 entries per page.</param>
/// <param name="StartingAfter">The cursor from the previous page.</param>
/// <param name="ActivityType">Only this activity number.</param>
/// <param name="StartDate">Only entries at or after this time.</param>
/// <param name="EndDate">Only entries at or before this time.</param>
/// <param name="Search">Free text.</param>
public sealed record AuditLogQuery(
    int? Limit = null,
    string? StartingAfter = null,
    int? ActivityType = null,
    DateTimeOffset? StartDate = null,
    DateTimeOffset? EndDate = null,
    string? Search = null);
