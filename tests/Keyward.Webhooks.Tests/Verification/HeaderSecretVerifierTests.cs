using System.Text;
using Keyward.Core.Secrets;
using Keyward.Testing;
using Keyward.Webhooks.Verification;

namespace Keyward.Webhooks.Tests.Verification;

public class HeaderSecretVerifierTests
{
    private const string Header = "X-Keyward-Webhook-Secret";
    private static readonly SecretValue Old = new("old-shared-secret-1"); // keyward:allow (fake)
    private static readonly SecretValue New = new("new-shared-secret-2"); // keyward:allow (fake)
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"event_type\":\"reply_received\"}");

    private readonly HeaderSecretVerifier _verifier = new(Header, [Old, New]);

    [Fact]
    public void Verify_EitherAcceptedSecret_IsValid()
    {
        Assert.True(_verifier.Verify(WebhookSigner.AsLookup(WebhookSigner.HeaderSecret(Header, Old)), Body).IsValid);
        Assert.True(_verifier.Verify(TestHeaders.Of(("x-keyward-webhook-secret", "  " + New.Reveal() + " ")), Body).IsValid);
        Assert.Equal(WebhookVerifyConstants.HeaderSecretScheme, _verifier.Scheme);
    }

    [Fact]
    public void Verify_MissingOrBlankHeader_IsMissingHeader()
    {
        Assert.Equal(VerificationFailure.MissingHeader, _verifier.Verify(TestHeaders.Of(), Body).Failure);
        Assert.Equal(VerificationFailure.MissingHeader, _verifier.Verify(TestHeaders.Of((Header, "  ")), Body).Failure);
    }

    [Theory]
    [InlineData("new-shared-secret-")]
    [InlineData("new-shared-secret-22")]
    [InlineData("NEW-SHARED-SECRET-2")]
    [InlineData("x")]
    public void Verify_OtherValue_IsBadSecretAndDetailHasNoValue(string presented)
    {
        var result = _verifier.Verify(TestHeaders.Of((Header, presented)), Body);
        Assert.Equal(VerificationFailure.BadSecret, result.Failure);
        Assert.DoesNotContain(presented, result.Detail!, StringComparison.Ordinal);
        Assert.DoesNotContain(New.Reveal(), result.Detail!, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_HugeHeader_IsMalformedWithoutThrowing()
    {
        var result = _verifier.Verify(TestHeaders.Of((Header, new string('a', 1_000_000))), Body);
        Assert.Equal(VerificationFailure.MalformedHeader, result.Failure);
    }

    [Fact]
    public void Constructor_NoSecretOrBlankHeader_Throws()
    {
        Assert.Throws<ArgumentException>(() => new HeaderSecretVerifier(Header, []));
        Assert.Throws<ArgumentException>(() => new HeaderSecretVerifier(" ", [Old]));
        Assert.Throws<ArgumentException>(() => new HeaderSecretVerifier(Header, [new SecretValue("")]));
    }
}
