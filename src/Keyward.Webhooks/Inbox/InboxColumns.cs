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

    /// <summary>The columns every read selects, in the order <c>Read</c> expects them.</summary>
    public const string Select =
        "id, source, idempotency_key, event_type, payload, received_at_us, state, attempts, next_attempt_at_us, last_error";

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

    public static InboxEvent Event(long id, string source, string key, string eventType, byte[] payload, long receivedAtUs, string state, int attempts, long? nextAttemptAtUs, string? lastError) => new(
        id,
        new InboxEntry(source, key, eventType, payload, FromMicroseconds(receivedAtUs)),
        ParseState(state),
        attempts,
        nextAttemptAtUs is { } next ? FromMicroseconds(next) : null,
        lastError);
}
