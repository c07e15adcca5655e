using FsCheck;
using FsCheck.Fluent;
using Keyward.Core.Text;

namespace Keyward.Core.Tests.Text;

public class EditDistanceTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("leads", "lead", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void Compute_KnownPairs(string a, string b, int expected) => Assert.Equal(expected, EditDistance.Compute(a, b));

    [Fact]
    public void Compute_IsAMetric()
    {
        var text = ArbMap.Default.ArbFor<NonNull<string>>();
        Check.QuickThrowOnFailure(Prop.ForAll(text, text, text, (x, y, z) =>
        {
            var (a, b, c) = (x.Get, y.Get, z.Get);
            var ab = EditDistance.Compute(a, b);
            return ab == EditDistance.Compute(b, a)
                && (ab == 0) == (a == b)
                && ab <= Math.Max(a.Length, b.Length)
                && ab >= Math.Abs(a.Length - b.Length)
                && EditDistance.Compute(a, c) <= ab + EditDistance.Compute(b, c);
        }));
    }

    [Fact]
    public void Compute_LongInput_DoesNotOverflowTheStack()
    {
        var a = new string('a', 2_000);
        Assert.Equal(1, EditDistance.Compute(a, a + "b"));
    }
}
