using System.Data.Common;

namespace Keyward.Webhooks.Inbox;

/// <summary>How both inbox backends store values: states as text (readable in <c>psql</c> and <c>sqlite3</c>),
/// instants as microseconds since the Unix epoch (one comparable integer in both databases, no time zones).</summary>
internal static class InboxColumns
{
    /// <summary>The longest failure reason kept; a handler's exception text can be arbitrarily long.</summary>
    public const int MaxReasonLength = 2000;

    public const string Pending = "pending";

    public const string Delivered = "delivered";

    public const string DeadLettered = "dead_lettered";

    /// <summary>The columns every read selects, in the order <see cref="ReadAllAsync"/> expects them.</summary>
    public const string Select =
        "id, source, idempotency_key, event_type, payload, received_at_us, state, attempts, next_attempt_at_us, last_error, claimed_until_us";

    public static string ToText(InboxState state) => state switch
    {
        InboxState.Pending => Pending,
        InboxState.Delivered => Delivered,
        InboxState.DeadLettered => DeadLettered,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown inbox state"),
    };

    public static InboxState ParseState(string text) => text switch
    {
        Pending => InboxState.Pending,
        Delivered => InboxState.Delivered,
        DeadLettered => InboxState.DeadLettered,
        _ => throw new InvalidDataException($"unknown inbox state '{text}' in the database"),
    };

    public static long ToMicroseconds(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset FromMicroseconds(long us) => DateTimeOffset.UnixEpoch.AddTicks(us * TimeSpan.TicksPerMicrosecond);

    public static string Reason(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength];
    }

    /// <summary>The claim <paramref name="claimed"/> is under, as stored: the end of its lease.</summary>
    /// <exception cref="ArgumentException">The event was not returned by a claim.</exception>
    public static long Claim(InboxEvent claimed)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        return claimed.ClaimedUntil is { } until
            ? ToMicroseconds(until)
            : throw new ArgumentException($"inbox event {claimed.Id} is not claimed: pass it as ClaimAsync or RenewAsync returned it", nameof(claimed));
    }

    /// <summary>Runs a query that selects <see cref="Select"/> and reads every row.</summary>
    public static async Task<List<InboxEvent>> ReadAllAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var events = new List<InboxEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // SQLite reads an empty blob back as NULL.
            var payload = await reader.IsDBNullAsync(4, cancellationToken).ConfigureAwait(false) ? [] : reader.GetFieldValue<byte[]>(4);
            var next = await reader.IsDBNullAsync(8, cancellationToken).ConfigureAwait(false) ? (long?)null : reader.GetInt64(8);
            var error = await reader.IsDBNullAsync(9, cancellationToken).ConfigureAwait(false) ? null : reader.GetString(9);
            var claimedUntil = await reader.IsDBNullAsync(10, cancellationToken).ConfigureAwait(false) ? (long?)null : reader.GetInt64(10);
            events.Add(new InboxEvent(
                reader.GetInt64(0),
                new InboxEntry(reader.GetString(1), reader.GetString(2), reader.GetString(3), payload, FromMicroseconds(reader.GetInt64(5))),
                ParseState(reader.GetString(6)),
                reader.GetInt32(7),
                next is { } at ? FromMicroseconds(at) : null,
                error,
                claimedUntil is { } until ? FromMicroseconds(until) : null));
        }

        return events;
    }
}
