namespace Keyward.Webhooks.Receiver;

/// <summary>Decides which rejections reach the audit log: the first per endpoint and reason in each interval, with a
/// count of those left out since the previous record.</summary>
/// <remarks>
/// Every audit record is hash-chained and synced to disk, so writing one per rejected request would let anyone who
/// can reach the endpoint fill the disk and slow every legitimate delivery. Keys are target × reason, a fixed set,
/// never the sender's address: a sender cannot grow the table nor escape the limit by changing address. Thread-safe.
/// </remarks>
internal sealed class RejectionAuditThrottle(TimeSpan interval)
{
    private readonly Dictionary<(string Endpoint, string Reason), Window> _windows = [];

    /// <summary>Counts one rejection and says whether to write it.</summary>
    /// <param name="endpoint">The endpoint, as the audit record names it.</param>
    /// <param name="reason">The machine-readable reason.</param>
    /// <param name="now">The current time.</param>
    /// <param name="suppressed">When writing, how many like it were left out since the previous record.</param>
    /// <returns>True when the rejection is to be written.</returns>
    public bool ShouldWrite(string endpoint, string reason, DateTimeOffset now, out long suppressed)
    {
        lock (_windows)
        {
            if (_windows.TryGetValue((endpoint, reason), out var window) && now - window.Start < interval)
            {
                window.Suppressed++;
                suppressed = 0;
                return false;
            }

            suppressed = window?.Suppressed ?? 0;
            _windows[(endpoint, reason)] = new Window(now);
            return true;
        }
    }

    /// <summary>Takes the counts not yet written, so they can be recorded when the receiver stops.</summary>
    /// <returns>Each endpoint and reason with rejections left out since its last record.</returns>
    public IReadOnlyList<(string Endpoint, string Reason, long Suppressed)> Drain()
    {
        lock (_windows)
        {
            var pending = _windows.Where(w => w.Value.Suppressed > 0).Select(w => (w.Key.Endpoint, w.Key.Reason, w.Value.Suppressed)).ToList();
            _windows.Clear();
            return pending;
        }
    }

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public long Suppressed { get; set; }
    }
}
