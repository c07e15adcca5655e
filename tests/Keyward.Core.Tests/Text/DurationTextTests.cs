using FsCheck;
using FsCheck.Fluent;
using Keyward.Core.Text;

namespace Keyward.Core.Tests.Text;

public class DurationTextTests
{
    [Theory]
    [InlineData("90d", 90 * 24 * 60)]
    [InlineData("12h", 12 * 60)]
    [InlineData("45m", 45)]
    [InlineData("0m", 0)]
    [InlineData("90s", 1.5)]
    [InlineData("0s", 0)]
    public void TryParse_ReadsDaysHoursMinutesAndSeconds(string text, double minutes)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMinutes(minutes), duration);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("d")]
    [InlineData("90")]
    [InlineData("-5d")]
    [InlineData("+5d")]
    [InlineData("3w")]
    [InlineData("1.5h")]
    public void TryParse_RefusesEverythingElse(string? text)
    {
        Assert.False(DurationText.TryParse(text, out _));
    }

    [Fact]
    public void TryParse_RoundTripsEveryAmountAndUnit()
    {
        var gen = from amount in Gen.Choose(0, 100_000)
                  from unit in Gen.Elements(('d', TimeSpan.FromDays(1)), ('h', TimeSpan.FromHours(1)), ('m', TimeSpan.FromMinutes(1)), ('s', TimeSpan.FromSeconds(1)))
                  select (amount, unit);
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), t =>
            DurationText.TryParse($"{t.amount}{t.unit.Item1}", out var duration) && duration == t.unit.Item2 * t.amount));
    }
}
