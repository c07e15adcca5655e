namespace Keyward.Testing;

/// <summary>A clock that moves only when a test moves it, for code that takes a <see cref="TimeProvider"/>.</summary>
/// <remarks>
/// <para>
/// A small stand-in for Microsoft.Extensions.TimeProvider.Testing (not available here). <see cref="GetUtcNow"/> and
/// <see cref="TimeProvider.GetTimestamp"/> follow the fake time, so elapsed-time measurements follow it too. Timers
/// are not supported: <see cref="CreateTimer"/> throws rather than silently running on the real clock.
/// </para>
/// <para>Thread-safe.</para>
/// </remarks>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now;

    /// <summary>Initializes a new instance of the <see cref="FakeTimeProvider"/> class.</summary>
    /// <param name="start">The starting time; the default value is 2000-01-01T00:00:00Z.</param>
    public FakeTimeProvider(DateTimeOffset? start = null)
    {
        _now = (start ?? new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)).ToUniversalTime();
    }

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <inheritdoc/>
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Sets the current time, forwards or backwards (a test may simulate a clock that jumps).</summary>
    /// <param name="value">The new time; converted to UTC.</param>
    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_gate)
        {
            _now = value.ToUniversalTime();
        }
    }

    /// <summary>Moves the clock forward.</summary>
    /// <param name="delta">How far; must not be negative (use <see cref="SetUtcNow"/> to go back).</param>
    /// <exception cref="ArgumentOutOfRangeException">The delta is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        lock (_gate)
        {
            _now += delta;
        }
    }

    /// <summary>Not supported: this fake has no timers.</summary>
    /// <param name="callback">Unused.</param>
    /// <param name="state">Unused.</param>
    /// <param name="dueTime">Unused.</param>
    /// <param name="period">Unused.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        throw new NotSupportedException("FakeTimeProvider has no timers; test timer-driven code with a real clock or a dedicated fake.");
}
