using System.Text;
using Keyward.Core.Secrets;
using Keyward.Webhooks.Verification;

namespace Keyward.Testing.Tests;

public class WebhookSignerTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"id\":1}");

    [Fact]
    public void HeaderSecret_PutsTheSecretInTheNamedHeader()
    {
        var headers = WebhookSigner.HeaderSecret("X-Shared-Secret", new SecretValue("s3cret-value")); // keyward:allow (fake)
        Assert.Equal("s3cret-value", WebhookSigner.AsLookup(headers)("x-shared-secret")); // keyward:allow (fake)
    }

    [Fact]
    public void HmacSha256_MatchesAnIndependentComputation()
    {
        // Expected value from: printf '{"id":1}' | openssl dgst -sha256 -hmac key
        var headers = WebhookSigner.HmacSha256(new SecretValue("key"), Body);
        Assert.Equal("c95c6a7c2c7c761e984c68cf64b4bca93f07242900aafdbb328d3bb75ab0dcb0", headers["x-signature"]);
    }

    [Fact]
    public void StandardWebhooks_ReproducesTheOfficialTestVector()
    {
        // Test vector from the standard-webhooks libraries' tests (C#, Go, JS, Python) and svix-webhooks WebhookTest.cs.
        var secret = new SecretValue("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"); // keyward:allow (fake)
        var headers = WebhookSigner.StandardWebhooks(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", DateTimeOffset.FromUnixTimeSeconds(1614265330), "{\"test\": 2432232314}"u8);
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", headers["webhook-signature"]);
        Assert.Equal("1614265330", headers["webhook-timestamp"]);
        Assert.Equal("msg_p5jXN8AQM9LWM0D4loKWxJek", headers["webhook-id"]);
    }

    [Fact]
    public void StandardWebhooks_BadSecretOrId_Throws()
    {
        Assert.Throws<ArgumentException>(() => WebhookSigner.StandardWebhooks(new SecretValue("whsec_!!"), "msg_1", DateTimeOffset.UnixEpoch, Body));
        Assert.Throws<ArgumentException>(() => WebhookSigner.StandardWebhooks(new SecretValue("whsec_AAAA"), "msg.1", DateTimeOffset.UnixEpoch, Body));
    }

    [Fact]
    public void Salesloft_ReproducesTheReferenceFixture()
    {
        // Fixture computed with Python hmac in /work/shared/reference/salesloft-composio-webhooks.md, section C3.
        var headers = WebhookSigner.Salesloft(new SecretValue("test_callback_token"), Body); // keyward:allow (fake)
        Assert.Equal("7a346231a2e8e524e7531e0ab68d96bafeed16d1", headers["x-salesloft-signature"]);
    }

    [Fact]
    public void BasicAuth_EncodesUserColonPassword()
    {
        var headers = WebhookSigner.BasicAuth("Aladdin", new SecretValue("open sesame")); // keyward:allow (fake)
        Assert.Equal("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", headers["authorization"]); // RFC 7617 section 2 example
    }

    [Fact]
    public void EverySigner_IsAcceptedByTheMatchingVerifier()
    {
        var secret = new SecretValue("whsec_" + Convert.ToBase64String(Encoding.ASCII.GetBytes("0123456789abcdef01234567"))); // keyward:allow (fake)
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        (IWebhookVerifier Verifier, IReadOnlyDictionary<string, string> Headers)[] cases =
        [
            (new HeaderSecretVerifier("X-Secret", [secret]), WebhookSigner.HeaderSecret("X-Secret", secret)),
            (new HmacSha256Verifier([secret]), WebhookSigner.HmacSha256(secret, Body)),
            (new StandardWebhooksVerifier([secret], time), WebhookSigner.StandardWebhooks(secret, "msg_1", time.GetUtcNow(), Body)),
            (new SalesloftVerifier([secret]), WebhookSigner.Salesloft(secret, Body)),
            (new BasicAuthVerifier("keyward", [secret]), WebhookSigner.BasicAuth("keyward", secret)),
        ];
        foreach (var (verifier, headers) in cases)
        {
            Assert.Equal(VerificationResult.Valid, verifier.Verify(WebhookSigner.AsLookup(headers), Body));
        }
    }
}
