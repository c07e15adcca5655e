using System.Text;

namespace Keyward.Bench.Corpus.Generation;

/// <summary>xoshiro256** seeded through SplitMix64: the same seed gives the same stream on every .NET version.</summary>
/// <remarks><see cref="Random"/> is avoided on purpose: its seeded algorithm is an implementation detail, and the
/// corpus must stay byte-identical (same commit SHAs) across runtimes. Not for cryptography.</remarks>
internal sealed class DeterministicRandom
{
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";
    private const string Alphanumerics = Upper + Lower + Digits;
    private const string LowerHex = "0123456789abcdef";

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public DeterministicRandom(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>Creates an independent stream for a tuple of values (a file seed, a block index, a version).</summary>
    public static DeterministicRandom For(ulong a, ulong b = 0, ulong c = 0) => new(Mix(Mix(Mix(a) ^ b) ^ c));

    public static ulong Mix(ulong value)
    {
        var x = value;
        return SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Returns a value in [0, max).</summary>
    public int Next(int max) => max <= 1 ? 0 : (int)(NextUInt64() % (ulong)max);

    /// <summary>Returns a value in [min, max).</summary>
    public int Next(int min, int max) => min + Next(max - min);

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    public string String(int length, string alphabet)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(alphabet[Next(alphabet.Length)]);
        }

        return builder.ToString();
    }

    public string Alphanumeric(int length) => String(length, Alphanumerics);

    public string LowerAlphanumeric(int length) => String(length, Lower + Digits);

    public string Hex(int length) => String(length, LowerHex);

    public string DigitString(int length) => String(1, "123456789") + String(length - 1, Digits);

    public string UpperString(int length) => String(length, Upper);

    public byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)NextUInt64();
        }

        return bytes;
    }

    /// <summary>A random version-4 UUID in lowercase, formatted 8-4-4-4-12.</summary>
    public string Uuid()
    {
        var hex = Hex(32).ToCharArray();
        hex[12] = '4';
        hex[16] = "89ab"[Next(4)];
        var s = new string(hex);
        return $"{s[..8]}-{s[8..12]}-{s[12..16]}-{s[16..20]}-{s[20..]}";
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
