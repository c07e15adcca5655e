namespace Keyward.Sandbox.Http;

/// <summary>Instantly's workspace limits: requests per second and per minute, shared by every key, as fixed
/// windows on the sandbox clock.</summary>
internal sealed class WorkspaceRateLimiter(int perSecond, int perMinute, TimeProvider time)
{
    private readonly Lock _lock = new();
    private long _second = -1;
    private long _minute = -1;
    private int _inSecond;
    private int _inMinute;

    /// <summary>Counts a request; returns false and the seconds to wait when a limit is reached.</summary>
    public bool TryAcquire(out int retryAfterSeconds) => TryAcquire(out retryAfterSeconds, out _);

    /// <summary>Counts a request; also returns what is left of this minute's budget.</summary>
    public bool TryAcquire(out int retryAfterSeconds, out int remainingThisMinute)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_lock)
        {
            if (now / 1000 != _second)
            {
                _second = now / 1000;
                _inSecond = 0;
            }

            if (now / 60_000 != _minute)
            {
                _minute = now / 60_000;
                _inMinute = 0;
            }

            remainingThisMinute = Math.Max(0, perMinute - _inMinute);
            if (_inMinute >= perMinute)
            {
                retryAfterSeconds = (int)Math.Ceiling((((_minute + 1) * 60_000) - now) / 1000.0);
                return false;
            }

            if (_inSecond >= perSecond)
            {
                retryAfterSeconds = 1;
                return false;
            }

            _inSecond++;
            _inMinute++;
            remainingThisMinute = perMinute - _inMinute;
            retryAfterSeconds = 0;
            return true;
        }
    }
}
