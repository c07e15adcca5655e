using Keyward.Providers.Instantly.Client.Models;

namespace Keyward.Rotation.Tests;

public class KeyAgePolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("90d", 90 * 24 * 60)]
    [InlineData("12h", 12 * 60)]
    [InlineData("30m", 30)]
    public void Parse_ReadsDaysHoursAndMinutes(string text, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), KeyAgePolicy.Parse(text).MaxAge);
    }

    [Theory]
    [InlineData("90")]
    [InlineData("0d")]
    [InlineData("-5d")]
    [InlineData("3w")]
    [InlineData("")]
    public void Parse_RefusesWhatIsNotADuration(string text)
    {
        Assert.Throws<FormatException>(() => KeyAgePolicy.Parse(text));
    }

    [Fact]
    public void Overdue_ListsOnlyKeysOlderThanThePolicy_OldestFirst()
    {
        ApiKey[] keys =
        [
            new("a", "fresh", ["leads:read"], Now.AddDays(-10)),
            new("b", "old", ["leads:read"], Now.AddDays(-120)),
            new("c", "ancient", ["all:all"], Now.AddDays(-400)),
            new("d", "exactly at the limit", ["leads:read"], Now.AddDays(-90)),
            new("e", "undated", ["leads:read"], null),
        ];

        var overdue = KeyAgePolicy.Default.Overdue(keys, Now);

        Assert.Equal(["c", "b"], overdue.Select(o => o.Key.Id));
        Assert.Equal(TimeSpan.FromDays(400), overdue[0].Age);
    }
}
