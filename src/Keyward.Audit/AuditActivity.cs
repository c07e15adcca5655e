namespace Keyward.Audit;

/// <summary>Activity by actor and action over a window: what <c>keyward audit-log stats</c> prints and the posture
/// checks read to find unused keys and unused scopes.</summary>
/// <param name="Actor">Who.</param>
/// <param name="Action">What.</param>
/// <param name="Count">How many entries.</param>
/// <param name="Failures">How many failed.</param>
/// <param name="First">The earliest.</param>
/// <param name="Last">The latest.</param>
public sealed record AuditActivity(string Actor, string Action, long Count, long Failures, DateTimeOffset First, DateTimeOffset Last)
{
    /// <summary>Groups matching entries by actor and action, busiest first.</summary>
    /// <param name="entries">The log.</param>
    /// <param name="query">The window and filters.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>One row per actor and action.</returns>
    public static async Task<IReadOnlyList<AuditActivity>> SummarizeAsync(IAsyncEnumerable<AuditEntry> entries, AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(query);
        var rows = new Dictionary<(string, string), AuditActivity>();
        await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!query.Matches(entry))
            {
                continue;
            }

            var key = (entry.Actor, entry.Action);
            var failure = entry.Succeeded ? 0 : 1;
            rows[key] = rows.TryGetValue(key, out var row)
                ? row with
                {
                    Count = row.Count + 1,
                    Failures = row.Failures + failure,
                    First = entry.Timestamp < row.First ? entry.Timestamp : row.First,
                    Last = entry.Timestamp > row.Last ? entry.Timestamp : row.Last,
                }
                : new AuditActivity(entry.Actor, entry.Action, 1, failure, entry.Timestamp, entry.Timestamp);
        }

        return [.. rows.Values.OrderByDescending(r => r.Count).ThenBy(r => r.Actor, StringComparer.Ordinal).ThenBy(r => r.Action, StringComparer.Ordinal)];
    }
}
