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

    /// <summary>How many rows one pruning step looks at: each step is its own short transaction, so a large prune holds
    /// up receivers and dispatchers for one step at a time.</summary>
    public const int PruneStep = 1000;

    /// <summary>The next <see cref="PruneStep"/> rows after id <c>@after</c>: the last id, or NULL when there are none,
    /// and 1 when one of them was received at or after <c>@cutoff</c>. Ids grow with receipt, so from there on every
    /// row is too new and pruning stops; only the rows before it are read, however large the inbox.</summary>
    public const string PruneScan = """
        SELECT max(id), max(CASE WHEN received_at_us >= @cutoff THEN 1 ELSE 0 END)
        FROM (SELECT id, received_at_us FROM webhook_inbox WHERE id > @after ORDER BY id LIMIT @step) AS step
        """;

    /// <summary>The rows of one step that a prune deletes: the delivered ones received before <c>@cutoff</c>, among
    /// the ids after <c>@after</c> up to <c>@last</c>. A backend must find them through the id range: SQLite, left to
    /// itself, reads every delivered row through <c>webhook_inbox_due</c> instead, 145 ms a step against 3 ms in an
    /// inbox of 1.4 million events.</summary>
    public const string PruneCondition = "id > @after AND id <= @last AND state = 'delivered' AND received_at_us < @cutoff";

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
