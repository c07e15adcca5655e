using System.Text;
using Keyward.Core.Secrets;
using Keyward.Testing;
using Keyward.Webhooks.Verification;

namespace Keyward.Webhooks.Tests.Verification;

public class BasicAuthVerifierTests
{
    private static readonly SecretValue Old = new("old-password-1"); // keyward:allow (fake)
    private static readonly SecretValue New = new("new-password-2"); // keyward:allow (fake)
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{}");

    private readonly BasicAuthVerifier _verifier = new("keyward", [Old, New]);

    [Fact]
    public void Verify_EitherPassword_IsValid()
    {
        Assert.True(_verifier.Verify(WebhookSigner.AsLookup(WebhookSigner.BasicAuth("keyward", Old)), Body).IsValid);
        Assert.True(_verifier.Verify(WebhookSigner.AsLookup(WebhookSigner.BasicAuth("keyward", New)), Body).IsValid);
    }

    [Fact]
    public void Verify_CredentialPairs_EachPairOnlyWithItsOwnPassword()
    {
        var verifier = new BasicAuthVerifier([new("alice", Old), new("bob", New)]);
        Assert.True(verifier.Verify(WebhookSigner.AsLookup(WebhookSigner.BasicAuth("bob", New)), Body).IsValid);
        Assert.Equal(VerificationFailure.BadSecret, verifier.Verify(WebhookSigner.AsLookup(WebhookSigner.BasicAuth("alice", New)), Body).Failure);
    }

    [Fact]
    public void Verify_MissingHeader_IsMissingHeader()
    {
        Assert.Equal(VerificationFailure.MissingHeader, _verifier.Verify(TestHeaders.Of(), Body).Failure);
    }

    [Theory]
    [InlineData("Bearer abc")]
    [InlineData("Basic !!!notbase64")]
    [InlineData("Basic a2V5d2FyZA==")] // "keyward": no colon
    [InlineData("Basic")]
    public void Verify_NotBasicUserColonPassword_IsMalformed(string value)
    {
        Assert.Equal(VerificationFailure.MalformedHeader, _verifier.Verify(TestHeaders.Of(("Authorization", value)), Body).Failure);
    }

    [Fact]
    public void Verify_WrongUserOrPassword_IsBadSecretAndDetailHasNoCredentials()
    {
        var result = _verifier.Verify(WebhookSigner.AsLookup(WebhookSigner.BasicAuth("keyward", new SecretValue("guess"))), Body);
        Assert.Equal(VerificationFailure.BadSecret, result.Failure);
        Assert.DoesNotContain("guess", result.Detail!, StringComparison.Ordinal);
        Assert.Equal(VerificationFailure.BadSecret, _verifier.Verify(WebhookSigner.AsLookup(WebhookSigner.BasicAuth("other", Old)), Body).Failure);
    }

    [Fact]
    public void Constructor_UserWithColon_Throws()
    {
        Assert.Throws<ArgumentException>(() => new BasicAuthVerifier("a:b", [Old]));
    }
}
