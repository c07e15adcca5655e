namespace Keyward.Webhooks.Tests.Inbox;

/// <summary>A clock the test moves by hand. Kept local to the inbox tests until Keyward.Testing ships its
/// FakeTimeProvider (being added in parallel); then replace this with that.</summary>
internal sealed class InboxClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
