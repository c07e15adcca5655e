using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Keyward.Webhooks.Inbox;

namespace Keyward.Webhooks.Tests.Inbox;

/// <summary>The SQLite inbox tells duplicates apart by this digest alone, so two different events must never share one.</summary>
public class IdempotencyDigestTests
{
    // Well-formed text: SQLite stores keys as UTF-8, where every lone surrogate reads back as U+FFFD.
    private static readonly Gen<string> Text = ArbMap.Default.GeneratorFor<string>()
        .Where(s => s is not null && !s.Any(char.IsSurrogate));

    [Fact]
    public void Of_TheSameSourceAndKey_IsTheSame_AndAnyOtherPairDiffers()
    {
        var gen = from source in Text from key in Text from otherSource in Text from otherKey in Text select (source, key, otherSource, otherKey);
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), t =>
            IdempotencyDigest.Of(t.source, t.key) == IdempotencyDigest.Of(new string(t.source), new string(t.key))
            && (IdempotencyDigest.Of(t.source, t.key) != IdempotencyDigest.Of(t.otherSource, t.otherKey)) == (t.source != t.otherSource || t.key != t.otherKey)));
    }

    [Fact]
    public void Of_MovingTheBoundaryBetweenSourceAndKey_Differs()
    {
        // ("instantly", "x-1") and ("instantlyx", "-1") are different events with the same characters.
        var gen = from head in Text from moved in Text.Where(s => s.Length > 0) from tail in Text select (head, moved, tail);
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), t =>
            IdempotencyDigest.Of(t.head, t.moved + t.tail) != IdempotencyDigest.Of(t.head + t.moved, t.tail)));
    }

    [Fact]
    public void Of_TheUtf8BytesSqliteStores_IsTheDigestOfTheText()
    {
        // A restarted receiver reads keys back as UTF-8 bytes; a duplicate must still match what it stored as text.
        var gen = from source in Text from key in Text select (source, key);
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), t =>
            IdempotencyDigest.Of(Encoding.UTF8.GetBytes(t.source), Encoding.UTF8.GetBytes(t.key)) == IdempotencyDigest.Of(t.source, t.key)));
    }

    [Fact]
    public void Of_AKeyLongerThanTheStackBuffer_IsHashedWhole()
    {
        var key = new string('k', 2000);

        Assert.Equal(IdempotencyDigest.Of("instantly", key), IdempotencyDigest.Of("instantly", new string('k', 2000)));
        Assert.NotEqual(IdempotencyDigest.Of("instantly", key), IdempotencyDigest.Of("instantly", key[..^1] + "j"));
        Assert.Equal(IdempotencyDigest.Of("instantly", key), IdempotencyDigest.Of("instantly"u8, Encoding.UTF8.GetBytes(key)));
    }
}
