namespace Keyward.Testing.Tests;

public class FakeTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GetUtcNow_StartsAtTheGivenTimeAndMovesOnlyWhenAdvanced()
    {
        var time = new FakeTimeProvider(Start);
        Assert.Equal(Start, time.GetUtcNow());
        time.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(Start.AddSeconds(90), time.GetUtcNow());
    }

    [Fact]
    public void SetUtcNow_ConvertsToUtcAndMayGoBack()
    {
        var time = new FakeTimeProvider(Start);
        time.SetUtcNow(new DateTimeOffset(2026, 11, 1, 14, 0, 0, TimeSpan.FromHours(3)));
        Assert.Equal(Start.AddHours(-1), time.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, time.GetUtcNow().Offset);
    }

    [Fact]
    public void Advance_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FakeTimeProvider(Start).Advance(TimeSpan.FromTicks(-1)));
    }

    [Fact]
    public void GetElapsedTime_FollowsTheFakeClock()
    {
        var time = new FakeTimeProvider(Start);
        var before = time.GetTimestamp();
        time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(TimeSpan.FromMinutes(3), time.GetElapsedTime(before));
    }

    [Fact]
    public void CreateTimer_IsNotSupported()
    {
        Assert.Throws<NotSupportedException>(() => new FakeTimeProvider().CreateTimer(_ => { }, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }
}
