using System.Data.Common;

namespace Keyward.Webhooks.Inbox;

/// <summary>How both inboxes delete delivered events: in steps of <see cref="Step"/> rows from the oldest id, each
/// its own short transaction, until a step reaches an event received after the cutoff or the end of the table.</summary>
internal static class InboxPruning
{
    /// <summary>How many rows one step looks at, so a large prune holds up receivers and dispatchers for one short step
    /// at a time.</summary>
    public const int Step = 1000;

    /// <summary>The rows of one step that a prune deletes: the delivered ones received before <c>@cutoff</c>, among
    /// the ids after <c>@after</c> up to <c>@last</c>. A backend must find them through the id range: SQLite, left to
    /// itself, reads every delivered row through <c>webhook_inbox_due</c> instead, 145 ms a step against 3 ms in an
    /// inbox of 1.4 million events.</summary>
    public const string Condition = "id > @after AND id <= @last AND state = 'delivered' AND received_at_us < @cutoff";

    /// <summary>The next <see cref="Step"/> rows after id <c>@after</c>: the last id, or NULL when there are none, and
    /// 1 when one of them was received at or after <c>@cutoff</c>. Ids grow with receipt, so from there on every row is
    /// too new and pruning stops; only the rows before it are read, however large the inbox.</summary>
    private const string Scan = """
        SELECT max(id), CAST(max(CASE WHEN received_at_us >= @cutoff THEN 1 ELSE 0 END) AS BIGINT)
        FROM (SELECT id, received_at_us FROM webhook_inbox WHERE id > @after ORDER BY id LIMIT @step) AS step
        """;

    /// <summary>Runs <paramref name="step"/> from the first id until a step reaches the cutoff or the end.</summary>
    /// <param name="step">Scans and deletes the step after the given id (<see cref="ScanAsync"/>, then a delete with
    /// <see cref="Condition"/>), and returns its last id, whether it reached the cutoff, and how many it deleted.</param>
    /// <returns>How many events were deleted.</returns>
    public static async Task<long> RunAsync(Func<long, Task<(long? Last, bool ReachedCutoff, int Deleted)>> step)
    {
        long after = 0, pruned = 0;
        while (true)
        {
            var (last, reachedCutoff, deleted) = await step(after).ConfigureAwait(false);
            pruned += deleted;
            if (last is not { } next || reachedCutoff)
            {
                return pruned;
            }

            after = next;
        }
    }

    /// <summary>Reads the step after id <paramref name="after"/> with <paramref name="scan"/>, a new command.</summary>
    /// <returns>The step's last id (null when there are no rows after <paramref name="after"/>), and whether one of its
    /// rows was received at or after <paramref name="cutoff"/>.</returns>
    public static async Task<(long? Last, bool ReachedCutoff)> ScanAsync(DbCommand scan, long after, long cutoff, CancellationToken cancellationToken)
    {
        scan.CommandText = Scan;
        Bind(scan, ("@after", after), ("@cutoff", cutoff), ("@step", Step));
        await using var reader = await scan.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.IsDBNull(0) ? null : reader.GetInt64(0), !reader.IsDBNull(1) && reader.GetInt64(1) == 1);
    }

    /// <summary>Binds the parameters of a step's delete (<see cref="Condition"/>).</summary>
    public static void BindDelete(DbCommand delete, long after, long last, long cutoff) =>
        Bind(delete, ("@after", after), ("@last", last), ("@cutoff", cutoff));

    private static void Bind(DbCommand command, params (string Name, long Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
    }
}
