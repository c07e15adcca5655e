using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Keyward.Core.Secrets;
using Keyward.Providers.Instantly;

namespace Keyward.Providers.Tests.Instantly;

public class InstantlyKeyShapeTests
{
    [Fact]
    public void TryGetKeyId_ReadsTheUuidOfTheObservedShape()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(ArbMap.Default.ArbFor<Guid>(), ArbMap.Default.ArbFor<NonEmptyString>(), (id, secret) =>
        {
            var key = new SecretValue(Convert.ToBase64String(Encoding.ASCII.GetBytes($"{id:D}:{secret.Get}")));
            return InstantlyKeyShape.TryGetKeyId(key, out var read) && read == id;
        }));
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("bm8gY29sb24gaGVyZQ==")]
    [InlineData("ak_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")] // keyward:allow (fake)
    public void TryGetKeyId_OtherShapes_HaveNoId(string value)
    {
        Assert.False(InstantlyKeyShape.TryGetKeyId(new SecretValue(value), out _));
    }
}
