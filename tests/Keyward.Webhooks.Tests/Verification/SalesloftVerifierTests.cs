using System.Text;
using Keyward.Core.Secrets;
using Keyward.Testing;
using Keyward.Webhooks.Verification;

namespace Keyward.Webhooks.Tests.Verification;

public class SalesloftVerifierTests
{
    private const string Header = "x-salesloft-signature";
    private static readonly SecretValue Token = new("test_callback_token"); // keyward:allow (fake)
    private static readonly SecretValue NewToken = new("next_callback_token"); // keyward:allow (fake)
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"id\":1}");

    private readonly SalesloftVerifier _verifier = new([Token, NewToken]);

    [Fact]
    public void Verify_ReferenceFixture_IsValidInEitherCase()
    {
        // Derived fixture (Salesloft publishes none), computed with Python hmac in the shared reference, section C3,
        // and re-checked with: printf '{"id":1}' | openssl dgst -sha1 -hmac test_callback_token
        const string signature = "7a346231a2e8e524e7531e0ab68d96bafeed16d1";
        Assert.True(_verifier.Verify(TestHeaders.Of((Header, signature)), Body).IsValid);
        Assert.True(_verifier.Verify(TestHeaders.Of(("X-Salesloft-Signature", signature.ToUpperInvariant())), Body).IsValid);
    }

    [Fact]
    public void Verify_NewToken_IsValid()
    {
        Assert.True(_verifier.Verify(WebhookSigner.AsLookup(WebhookSigner.Salesloft(NewToken, Body)), Body).IsValid);
    }

    [Fact]
    public void Verify_MissingHeader_IsMissingHeader()
    {
        Assert.Equal(VerificationFailure.MissingHeader, _verifier.Verify(TestHeaders.Of(("x-salesloft-event", "person_created")), Body).Failure);
    }

    [Theory]
    [InlineData("7a346231")]
    [InlineData("sha1=7a346231a2e8e524e7531e0ab68d96bafeed16d1")]
    [InlineData("c95c6a7c2c7c761e984c68cf64b4bca93f07242900aafdbb328d3bb75ab0dcb0")]
    public void Verify_NotASha1HexDigest_IsMalformed(string value)
    {
        Assert.Equal(VerificationFailure.MalformedHeader, _verifier.Verify(TestHeaders.Of((Header, value)), Body).Failure);
    }

    [Fact]
    public void Verify_WrongTokenOrTamperedBody_IsBadSignature()
    {
        var wrong = WebhookSigner.Salesloft(new SecretValue("other_token"), Body);
        Assert.Equal(VerificationFailure.BadSignature, _verifier.Verify(WebhookSigner.AsLookup(wrong), Body).Failure);
        var signed = WebhookSigner.Salesloft(Token, Body);
        Assert.Equal(VerificationFailure.BadSignature, _verifier.Verify(WebhookSigner.AsLookup(signed), "{\"id\":1} "u8).Failure);
    }
}
