using System.Text;
using Keyward.Core.Secrets;
using Keyward.Testing;
using Keyward.Webhooks.Verification;

namespace Keyward.Webhooks.Tests.Verification;

public class HmacSha256VerifierTests
{
    private static readonly SecretValue Old = new("old-hmac-secret-1"); // keyward:allow (fake)
    private static readonly SecretValue New = new("new-hmac-secret-2"); // keyward:allow (fake)
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"id\":1}");

    private readonly HmacSha256Verifier _verifier = new([Old, New]);

    private static string Signature(SecretValue secret) => WebhookSigner.HmacSha256(secret, Body)["X-Signature"];

    [Fact]
    public void Verify_EitherSecret_AnyCase_WithOrWithoutPrefix_IsValid()
    {
        Assert.True(_verifier.Verify(TestHeaders.Of(("X-Signature", Signature(Old))), Body).IsValid);
        Assert.True(_verifier.Verify(TestHeaders.Of(("x-signature", Signature(New).ToUpperInvariant())), Body).IsValid);
        Assert.True(_verifier.Verify(TestHeaders.Of(("X-Signature", "sha256=" + Signature(New))), Body).IsValid);
    }

    [Fact]
    public void Verify_KnownValue_IsValid()
    {
        // Expected value from: printf '{"id":1}' | openssl dgst -sha256 -hmac key
        var verifier = new HmacSha256Verifier([new SecretValue("key")], "X-Hub-Signature-256");
        var headers = TestHeaders.Of(("X-Hub-Signature-256", "sha256=c95c6a7c2c7c761e984c68cf64b4bca93f07242900aafdbb328d3bb75ab0dcb0"));
        Assert.True(verifier.Verify(headers, Body).IsValid);
    }

    [Fact]
    public void Verify_SeveralSignaturesInOneHeader_AnyMatchIsValid()
    {
        var other = WebhookSigner.HmacSha256(new SecretValue("someone-else"), Body)["X-Signature"];
        Assert.True(_verifier.Verify(TestHeaders.Of(("X-Signature", $"{other}, {Signature(New)}")), Body).IsValid);
    }

    [Fact]
    public void Verify_AnUnreadableEntryBesideAMatchingSignature_IsSkipped_ButSeventeenEntriesAreMalformed()
    {
        var valid = Signature(New);

        Assert.True(_verifier.Verify(TestHeaders.Of(("X-Signature", $"sha512=abcd, {valid}")), Body).IsValid);
        Assert.Equal(VerificationFailure.BadSignature, _verifier.Verify(TestHeaders.Of(("X-Signature", $"sha512=abcd, {Signature(new SecretValue("other"))}")), Body).Failure);
        Assert.Equal(VerificationFailure.MalformedHeader, _verifier.Verify(TestHeaders.Of(("X-Signature", string.Join(',', Enumerable.Repeat(valid, 17)))), Body).Failure);
    }

    [Fact]
    public void Verify_MissingHeader_IsMissingHeader()
    {
        Assert.Equal(VerificationFailure.MissingHeader, _verifier.Verify(TestHeaders.Of(), Body).Failure);
    }

    [Theory]
    [InlineData("not hex")]
    [InlineData("sha256=")]
    [InlineData("abcd")]
    [InlineData("sha1=c95c6a7c2c7c761e984c68cf64b4bca93f07242900aafdbb328d3bb75ab0dcb0")]
    [InlineData("zz5c6a7c2c7c761e984c68cf64b4bca93f07242900aafdbb328d3bb75ab0dcb0")]
    public void Verify_NotAHexDigest_IsMalformed(string value)
    {
        Assert.Equal(VerificationFailure.MalformedHeader, _verifier.Verify(TestHeaders.Of(("X-Signature", value)), Body).Failure);
    }

    [Fact]
    public void Verify_WrongSecretOrTamperedBody_IsBadSignatureAndDetailHasNoSignature()
    {
        var wrong = WebhookSigner.HmacSha256(new SecretValue("wrong-secret"), Body)["X-Signature"];
        var result = _verifier.Verify(TestHeaders.Of(("X-Signature", wrong)), Body);
        Assert.Equal(VerificationFailure.BadSignature, result.Failure);
        Assert.DoesNotContain(wrong, result.Detail!, StringComparison.OrdinalIgnoreCase);

        var tampered = Encoding.UTF8.GetBytes("{\"id\":2}");
        Assert.Equal(VerificationFailure.BadSignature, _verifier.Verify(TestHeaders.Of(("X-Signature", Signature(Old))), tampered).Failure);
    }
}
