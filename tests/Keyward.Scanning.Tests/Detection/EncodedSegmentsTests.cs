using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Keyward.Scanning.Detection;

namespace Keyward.Scanning.Tests.Detection;

public class EncodedSegmentsTests
{
    /// <summary>Byte strings that are mostly printable ASCII, with some bytes of any value: text near the threshold.</summary>
    private static readonly Arbitrary<byte[]> MostlyText =
        Gen.Frequency(
                (30, Gen.Choose(0x20, 0x7e).Select(b => (byte)b)),
                (1, Gen.Choose(0, 255).Select(b => (byte)b)))
            .ArrayOf()
            .Where(bytes => bytes.Length >= 8)
            .ToArbitrary();

    [Fact]
    public void Prefilters_NeverRejectBytesThatDecodeToText()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(MostlyText, bytes =>
        {
            if (!EncodedSegments.TryPrintable(bytes, out _))
            {
                return true;
            }

            var base64 = Convert.ToBase64String(bytes).TrimEnd('=');
            var urlSafe = base64.Replace('+', '-').Replace('/', '_');
            return EncodedSegments.MayBeBase64Text(base64)
                && EncodedSegments.MayBeBase64Text(urlSafe)
                && EncodedSegments.MayBeHexText(Convert.ToHexString(bytes))
                && EncodedSegments.MayBeHexText(Convert.ToHexStringLower(bytes));
        }));
    }

    [Fact]
    public void Prefilters_RejectRandomBytes()
    {
        // 64 random bytes are text with negligible probability; the prefilter must say so without decoding.
        var random = new Random(7);
        var rejected = Enumerable.Range(0, 200).Count(_ =>
        {
            var bytes = new byte[64];
            random.NextBytes(bytes);
            return !EncodedSegments.MayBeBase64Text(Convert.ToBase64String(bytes).TrimEnd('=')) && !EncodedSegments.MayBeHexText(Convert.ToHexString(bytes));
        });

        Assert.Equal(200, rejected);
    }

    [Fact]
    public void Find_TextEncodedInsideALongerRun_IsFoundAsBase64AndHex()
    {
        // A hex run is searched for inside the base64-alphabet run around it.
        const string Token = "token=0123456789abcdef-value"; // keyward:allow (fake)
        const string Password = "password=hunter2-but-longer"; // keyward:allow (fake)
        var hex = Convert.ToHexStringLower(Encoding.UTF8.GetBytes(Token));
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(Password));
        var text = $"path/to/{hex}/x {base64} end";

        var segments = EncodedSegments.Find(text, new DetectorOptions()).ToArray();

        Assert.Equal(
            [("base64", Password), ("hex", Token)],
            segments.Select(s => (s.Encoding, s.Decoded)));
        Assert.Equal(text.IndexOf(hex, StringComparison.Ordinal), segments[1].Start);
    }
}
