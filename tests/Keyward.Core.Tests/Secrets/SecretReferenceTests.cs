using FsCheck;
using FsCheck.Fluent;
using Keyward.Core.Secrets;

namespace Keyward.Core.Tests.Secrets;

public class SecretReferenceTests
{
    [Theory]
    [InlineData("env:INSTANTLY_API_KEY", "env", "INSTANTLY_API_KEY")]
    [InlineData("ENV:X", "env", "X")]
    [InlineData("dotenv:.env#INSTANTLY_API_KEY", "dotenv", ".env#INSTANTLY_API_KEY")]
    [InlineData("azure-keyvault:https://v.vault.azure.net/instantly", "azure-keyvault", "https://v.vault.azure.net/instantly")]
    public void Parse_SplitsSchemeAndLocationAtTheFirstColon(string text, string scheme, string location)
    {
        var reference = SecretReference.Parse(text);

        Assert.Equal(scheme, reference.Scheme);
        Assert.Equal(location, reference.Location);
        Assert.Equal($"{scheme}:{location}", reference.Raw);
    }

    [Fact]
    public void ToString_MasksConnectionStringPasswords_RawKeepsThem()
    {
        var reference = SecretReference.Parse("postgres:Host=db;Username=k;Password=hunter2-secret;Database=x#instantly/prod");

        Assert.Equal("postgres:Host=db;Username=k;Password=***;Database=x#instantly/prod", reference.ToString());
        Assert.Contains("hunter2-secret", reference.Raw, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAwOkZha2VTZWNyZXQwMA==")] // keyward:allow (fake test vector)
    [InlineData("ak_0123456789abcdef")]
    [InlineData(":no-scheme")]
    [InlineData("env:")]
    [InlineData("9env:X")]
    [InlineData("")]
    public void Parse_RefusesValues_WithoutEchoingThem(string text)
    {
        var error = Assert.Throws<FormatException>(() => SecretReference.Parse(text));

        Assert.Contains("secret reference", error.Message, StringComparison.Ordinal);
        if (text.Length >= 8) // shorter inputs are not keys and may occur in the guidance text itself
        {
            Assert.DoesNotContain(text, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_RoundTripsEveryWellFormedReference()
    {
        var gen =
            from scheme in Gen.Elements("env", "dotenv", "vault-file", "postgres", "hashicorp-vault", "azure-keyvault")
            from location in ArbMap.Default.GeneratorFor<NonEmptyString>().Select(s => s.Get)
            select (scheme, location);
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var reference = SecretReference.Parse($"{t.scheme}:{t.location}");
            return reference.Scheme == t.scheme && reference.Location == t.location && SecretReference.Parse(reference.Raw) == reference;
        }));
    }

    [Fact]
    public void TryParse_NeverThrows_AndAgreesWithParse()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            var parsed = SecretReference.TryParse(text, out var reference);
            return parsed == (reference is not null) && (!parsed || reference!.ToString().Length <= text.Length);
        }));
    }
}
