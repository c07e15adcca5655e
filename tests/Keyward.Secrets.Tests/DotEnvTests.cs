using FsCheck;
using FsCheck.Fluent;

namespace Keyward.Secrets.Tests;

public class DotEnvTests
{
    [Fact]
    public void Parse_ReadsNamesAndValues_SkippingCommentsBlanksAndExport()
    {
        string[] lines = ["# a comment", "", "export A=1", "B = \"two words\"", "C='3'", "D=", "=orphan", "not a pair"];

        Assert.Equal([("A", "1"), ("B", "two words"), ("C", "3")], DotEnv.Parse(lines));
    }

    [Fact]
    public void Parse_RoundTripsEveryWrittenPair()
    {
        var name = Gen.Elements("INSTANTLY_API_KEY", "SALESLOFT_API_KEY", "A", "db.password", "x-y");
        var value = Gen.Elements("abc", "with space", "q\"uote", "=equals=", "#not-a-comment").SelectMany(v => Gen.Elements(v, $"\"{v}\"", $"'{v}'"), (v, written) => (v, written));
        var pairs = Gen.Zip(name, value).ListOf();

        Check.QuickThrowOnFailure(Prop.ForAll(pairs.ToArbitrary(), list =>
        {
            var lines = list.Select(p => $"{p.Item1}={p.Item2.written}");
            var expected = list.Select(p => (p.Item1, p.Item2.v));
            return DotEnv.Parse(lines).SequenceEqual(expected);
        }));
    }
}
