using FsCheck;
using FsCheck.Fluent;
using Keyward.Core.Text;

namespace Keyward.Core.Tests.Text;

public class EntropyTests
{
    [Theory]
    [InlineData("", 0.0)]
    [InlineData("aaaa", 0.0)]
    [InlineData("ab", 1.0)]
    [InlineData("abcd", 2.0)]
    public void Shannon_KnownValues(string text, double expected) => Assert.Equal(expected, Entropy.Shannon(text), 6);

    [Fact]
    public void Shannon_IsBetweenZeroAndLog2OfDistinctCharacters()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(ArbMap.Default.ArbFor<NonEmptyString>(), s =>
        {
            var entropy = Entropy.Shannon(s.Get);
            return entropy >= 0 && entropy <= Math.Log2(s.Get.Distinct().Count()) + 1e-9;
        }));
    }
}
