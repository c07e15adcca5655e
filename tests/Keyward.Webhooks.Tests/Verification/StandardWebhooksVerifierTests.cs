using System.Text;
using Keyward.Core.Secrets;
using Keyward.Testing;
using Keyward.Webhooks.Verification;

namespace Keyward.Webhooks.Tests.Verification;

/// <summary>Official vectors: the standard-webhooks libraries' tests (C#, Go, JS, Python, identical in each) and
/// svix-webhooks csharp/Svix.Tests/WebhookTest.cs, as recorded (and re-computed) in the shared reference, section C1.</summary>
public class StandardWebhooksVerifierTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"; // keyward:allow (fake)
    private const string MessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Payload = "{\"test\": 2432232314}";
    private const string Signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(Timestamp));

    private StandardWebhooksVerifier Verifier(params string[] secrets) => new([.. secrets.Select(s => new SecretValue(s))], _time);

    private static HeaderLookup Headers(string signature, string id = MessageId, string timestamp = "1614265330") =>
        TestHeaders.Of(("webhook-id", id), ("webhook-timestamp", timestamp), ("webhook-signature", signature));

    [Fact]
    public void Verify_OfficialVector_IsValid()
    {
        Assert.True(Verifier(Secret).Verify(Headers(Signature), Encoding.UTF8.GetBytes(Payload)).IsValid);
    }

    [Theory]
    [InlineData(1_048_576, "v1,txpEUxqWZJ5nteTnymUVa+7C4NHpBeXJ6CsBAW0c3/A=")]
    [InlineData(262_144, "v1,Mw4Pe2WgApuT7NSqnSq0PQPV9gbLdggCl9B865x5Xh0=")]
    [InlineData(262_143, "v1,NTItnqyWMoFhk2Bbe5V/BMdcFRWgcSQaTgqLHX7FC7c=")]
    public void Verify_OfficialLargePayloadVectors_AreValid(int length, string signature)
    {
        var body = Encoding.ASCII.GetBytes(new string('a', length));
        Assert.True(Verifier(Secret).Verify(Headers(signature), body).IsValid);
    }

    [Fact]
    public void Verify_SecretWithoutPrefix_VerifiesIdentically()
    {
        Assert.True(Verifier(Secret["whsec_".Length..]).Verify(Headers(Signature), Encoding.UTF8.GetBytes(Payload)).IsValid);
    }

    [Fact]
    public void Verify_OfficialWrongSignature_IsBadSignature()
    {
        var result = Verifier(Secret).Verify(Headers("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="), Encoding.UTF8.GetBytes(Payload));
        Assert.Equal(VerificationFailure.BadSignature, result.Failure);
        Assert.DoesNotContain("Ceo5qEr07ixe", result.Detail!, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_OfficialMultiSignatureHeader_ValidWhenAnyV1Matches()
    {
        var header = $"v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= {Signature} v1a,abc";
        Assert.True(Verifier(Secret).Verify(Headers(header), Encoding.UTF8.GetBytes(Payload)).IsValid);
    }

    [Theory]
    [InlineData("v1,")]
    [InlineData("v1,not*base64")]
    [InlineData("v1,AAAA")]
    [InlineData("v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    public void Verify_NoReadableV1Signature_IsMalformed(string signature)
    {
        Assert.Equal(VerificationFailure.MalformedHeader, Verifier(Secret).Verify(Headers(signature), Encoding.UTF8.GetBytes(Payload)).Failure);
    }

    [Theory]
    [InlineData("webhook-id")]
    [InlineData("webhook-timestamp")]
    [InlineData("webhook-signature")]
    public void Verify_MissingHeader_IsMissingHeaderNamingIt(string missing)
    {
        var signed = new Dictionary<string, string> { ["webhook-id"] = MessageId, ["webhook-timestamp"] = "1614265330", ["webhook-signature"] = Signature };
        var result = Verifier(Secret).Verify(TestHeaders.Without(signed, missing), Encoding.UTF8.GetBytes(Payload));
        Assert.Equal(VerificationFailure.MissingHeader, result.Failure);
        Assert.Contains(missing, result.Detail!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1614265330")]
    [InlineData("1614265330.5")]
    [InlineData("1.6e9")]
    [InlineData("soon")]
    [InlineData("99999999999999999999999")]
    public void Verify_TimestampNotUnixSeconds_IsMalformed(string timestamp)
    {
        Assert.Equal(VerificationFailure.MalformedHeader, Verifier(Secret).Verify(Headers(Signature, timestamp: timestamp), Encoding.UTF8.GetBytes(Payload)).Failure);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Verify_OutsideTolerance_IsStale(int offsetSeconds)
    {
        _time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(Timestamp + offsetSeconds));
        Assert.Equal(VerificationFailure.StaleTimestamp, Verifier(Secret).Verify(Headers(Signature), Encoding.UTF8.GetBytes(Payload)).Failure);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void Verify_AtTheEdgeOfTolerance_IsValid(int offsetSeconds)
    {
        _time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(Timestamp + offsetSeconds));
        Assert.True(Verifier(Secret).Verify(Headers(Signature), Encoding.UTF8.GetBytes(Payload)).IsValid);
    }

    [Fact]
    public void Verify_ConfiguredTolerance_IsUsed()
    {
        _time.Advance(TimeSpan.FromSeconds(61));
        var verifier = new StandardWebhooksVerifier([new SecretValue(Secret)], _time, TimeSpan.FromMinutes(1));
        Assert.Equal(VerificationFailure.StaleTimestamp, verifier.Verify(Headers(Signature), Encoding.UTF8.GetBytes(Payload)).Failure);
    }

    [Fact]
    public void Verify_ForgedAndStale_IsBadSignatureNotStale()
    {
        _time.Advance(TimeSpan.FromHours(1));
        var result = Verifier(Secret).Verify(Headers("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="), Encoding.UTF8.GetBytes(Payload));
        Assert.Equal(VerificationFailure.BadSignature, result.Failure);
    }

    [Fact]
    public void Verify_OldAndNewSecrets_BothAccepted()
    {
        var newSecret = new SecretValue("whsec_" + Convert.ToBase64String(Encoding.ASCII.GetBytes("a-new-key-of-24-bytes-xx"))); // keyward:allow (fake)
        var verifier = new StandardWebhooksVerifier([new SecretValue(Secret), newSecret], _time);
        var body = Encoding.UTF8.GetBytes(Payload);
        Assert.True(verifier.Verify(Headers(Signature), body).IsValid);
        Assert.True(verifier.Verify(WebhookSigner.AsLookup(WebhookSigner.StandardWebhooks(newSecret, "msg_2", _time.GetUtcNow(), body)), body).IsValid);
    }

    [Fact]
    public void Verify_TamperedBodyOrId_IsBadSignature()
    {
        Assert.Equal(VerificationFailure.BadSignature, Verifier(Secret).Verify(Headers(Signature), Encoding.UTF8.GetBytes("{\"test\": 2432232315}")).Failure);
        Assert.Equal(VerificationFailure.BadSignature, Verifier(Secret).Verify(Headers(Signature, id: "msg_other"), Encoding.UTF8.GetBytes(Payload)).Failure);
    }

    [Fact]
    public void Constructor_BadSecret_ThrowsWithoutEchoingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => Verifier("whsec_!!not-base64!!"));
        Assert.DoesNotContain("not-base64", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Verifier("whsec_"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StandardWebhooksVerifier([new SecretValue(Secret)], _time, TimeSpan.FromSeconds(-1)));
    }
}
