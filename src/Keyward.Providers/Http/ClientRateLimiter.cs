namespace Keyward.Providers.Http;

/// <summary>Two token buckets, per second and per minute, that every client of one workspace shares, so the
/// process stays under Instantly's limits instead of collecting 429s.</summary>
/// <remarks>Bursts up to the per-second budget pass at once; beyond that callers wait, in arrival order only roughly
/// (a waiter woken late may lose its turn). Thread-safe.</remarks>
internal sealed class ClientRateLimiter(int perSecond, int perMinute, TimeProvider time)
{
    private readonly Lock _lock = new();
    private double _second = perSecond;
    private double _minute = perMinute;
    private long _refilled = time.GetTimestamp();

    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = time.GetTimestamp();
                var elapsed = time.GetElapsedTime(_refilled, now).TotalSeconds;
                _refilled = now;
                _second = Math.Min(perSecond, _second + (elapsed * perSecond));
                _minute = Math.Min(perMinute, _minute + (elapsed * perMinute / 60.0));
                if (_second >= 1 && _minute >= 1)
                {
                    _second--;
                    _minute--;
                    return;
                }

                wait = TimeSpan.FromSeconds(Math.Max((1 - _second) / perSecond, (1 - _minute) * 60.0 / perMinute));
            }

            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
