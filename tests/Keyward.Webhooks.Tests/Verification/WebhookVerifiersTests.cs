using Keyward.Core.Secrets;
using Keyward.Webhooks.Verification;

namespace Keyward.Webhooks.Tests.Verification;

public class WebhookVerifiersTests
{
    private static readonly SecretValue Secret = new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"); // keyward:allow (fake)

    [Theory]
    [InlineData("header-secret", typeof(HeaderSecretVerifier))]
    [InlineData("hmac-sha256", typeof(HmacSha256Verifier))]
    [InlineData("standard-webhooks", typeof(StandardWebhooksVerifier))]
    [InlineData("Salesloft", typeof(SalesloftVerifier))]
    [InlineData("basic-auth", typeof(BasicAuthVerifier))]
    public void Create_KnownScheme_ReturnsItsVerifier(string scheme, Type expected)
    {
        var verifier = WebhookVerifiers.Create(new WebhookVerifyOptions { Scheme = scheme, Header = "X-Secret", Username = "keyward", Secrets = [Secret] });
        Assert.IsType(expected, verifier);
        Assert.Equal(scheme.ToLowerInvariant(), verifier.Scheme);
    }

    [Fact]
    public void Create_UnknownScheme_ListsKnownSchemes()
    {
        var error = Assert.Throws<ArgumentException>(() => WebhookVerifiers.Create(new WebhookVerifyOptions { Scheme = "stripe", Secrets = [Secret] }));
        foreach (var scheme in WebhookVerifyConstants.Schemes)
        {
            Assert.Contains(scheme, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Create_NoSecrets_Throws()
    {
        Assert.Throws<ArgumentException>(() => WebhookVerifiers.Create(new WebhookVerifyOptions { Scheme = "hmac-sha256" }));
    }

    [Fact]
    public void Create_MissingSchemeSettings_Throws()
    {
        Assert.Throws<ArgumentException>(() => WebhookVerifiers.Create(new WebhookVerifyOptions { Scheme = "header-secret", Secrets = [Secret] }));
        Assert.Throws<ArgumentException>(() => WebhookVerifiers.Create(new WebhookVerifyOptions { Scheme = "basic-auth", Secrets = [Secret] }));
    }

    [Fact]
    public void Create_BadStandardWebhooksSecret_MessageHasNoSecret()
    {
        var error = Assert.Throws<ArgumentException>(() => WebhookVerifiers.Create(
            new WebhookVerifyOptions { Scheme = "standard-webhooks", Secrets = [new SecretValue("whsec_?secret-words?")] }));
        Assert.DoesNotContain("secret-words", error.Message, StringComparison.Ordinal);
    }
}
