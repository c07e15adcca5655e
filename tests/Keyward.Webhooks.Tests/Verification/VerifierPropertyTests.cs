using FsCheck;
using FsCheck.Fluent;
using Keyward.Core.Secrets;
using Keyward.Testing;
using Keyward.Webhooks.Verification;

namespace Keyward.Webhooks.Tests.Verification;

/// <summary>Properties every scheme must hold, checked over random bodies, secrets and headers with FsCheck.</summary>
public class VerifierPropertyTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    /// <summary>One scheme: its verifier for a secret, and the headers its sender adds to a body.</summary>
    public sealed record Scheme(string Name, Func<SecretValue, IWebhookVerifier> Verifier, Func<SecretValue, byte[], IReadOnlyDictionary<string, string>> Sign, bool SignsBody)
    {
        public override string ToString() => Name;
    }

    private static readonly Scheme[] Schemes =
    [
        new("header-secret", s => new HeaderSecretVerifier("X-Secret", [s]), (s, _) => WebhookSigner.HeaderSecret("X-Secret", s), SignsBody: false),
        new("hmac-sha256", s => new HmacSha256Verifier([s]), (s, b) => WebhookSigner.HmacSha256(s, b), SignsBody: true),
        new("standard-webhooks", s => new StandardWebhooksVerifier([s], new FakeTimeProvider(Now)), (s, b) => WebhookSigner.StandardWebhooks(s, "msg_1", Now, b), SignsBody: true),
        new("salesloft", s => new SalesloftVerifier([s]), (s, b) => WebhookSigner.Salesloft(s, b), SignsBody: true),
        new("basic-auth", s => new BasicAuthVerifier("keyward", [s]), (s, _) => WebhookSigner.BasicAuth("keyward", s), SignsBody: false),
    ];

    // Secrets are random key bytes as whsec_ + base64: a valid Standard Webhooks secret and a printable, trimmed
    // header value for every other scheme.
    private static readonly Gen<SecretValue> Secrets =
        from length in Gen.Choose(1, 64)
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length)
        select new SecretValue("whsec_" + Convert.ToBase64String(bytes));

    private static readonly Gen<byte[]> Bodies = ArbMap.Default.GeneratorFor<byte[]>();

    private static readonly Gen<Scheme> AnyScheme = Gen.Elements(Schemes);

    [Fact]
    public void SignThenVerify_RoundTripsForEveryScheme()
    {
        var gen = from scheme in AnyScheme from secret in Secrets from body in Bodies select (scheme, secret, body);
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), t =>
            t.scheme.Verifier(t.secret).Verify(WebhookSigner.AsLookup(t.scheme.Sign(t.secret, t.body)), t.body).IsValid));
    }

    [Fact]
    public void Verify_AnySingleByteChangeToTheBody_FailsForEverySigningScheme()
    {
        var gen = from scheme in Gen.Elements(Schemes.Where(s => s.SignsBody).ToArray())
                  from secret in Secrets
                  from body in Bodies.Where(b => b.Length > 0)
                  from index in Gen.Choose(0, body.Length - 1)
                  from flip in Gen.Choose(1, 255)
                  select (scheme, secret, body, index, flip);
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var headers = WebhookSigner.AsLookup(t.scheme.Sign(t.secret, t.body));
            var changed = (byte[])t.body.Clone();
            changed[t.index] ^= (byte)t.flip;
            return t.scheme.Verifier(t.secret).Verify(headers, changed).Failure == VerificationFailure.BadSignature;
        }));
    }

    [Fact]
    public void Verify_AnotherSecret_FailsForEveryScheme()
    {
        var gen = from scheme in AnyScheme from secret in Secrets from other in Secrets from body in Bodies select (scheme, secret, other, body);
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), t =>
            t.secret.Equals(t.other)
            || !t.scheme.Verifier(t.secret).Verify(WebhookSigner.AsLookup(t.scheme.Sign(t.other, t.body)), t.body).IsValid));
    }

    [Fact]
    public void Verify_GarbageHeaders_NeverThrowAndNeverPass()
    {
        // Any header a verifier asks for gets a random string (or nothing); the result must be a failure, not an exception.
        var values = Gen.OneOf<string?>(
            ArbMap.Default.GeneratorFor<string?>(),
            Gen.Elements<string?>("v1,", "v1,AAAA", "Basic ", "Basic Og==", "sha256=", " ", "v1a,x v1,y", "00000000000000000000000000000000000000000000000000000000000000000"),
            Gen.Choose(0, 70_000).Select(n => (string?)new string('v', n)));
        var gen = from scheme in AnyScheme from seed in Gen.ArrayOf(values, 8) from body in Bodies select (scheme, seed, body);
        var verifiers = Schemes.ToDictionary(s => s.Name, s => s.Verifier(new SecretValue("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))); // keyward:allow (fake)
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var asked = 0;
            HeaderLookup headers = _ => t.seed[asked++ % t.seed.Length];
            return !verifiers[t.scheme.Name].Verify(headers, t.body).IsValid;
        }));
    }

    [Fact]
    public void Verify_RandomStandardWebhooksSignatureLists_NeverThrow()
    {
        var entry = Gen.OneOf(
            ArbMap.Default.GeneratorFor<byte[]>().Select(b => "v1," + Convert.ToBase64String(b)),
            ArbMap.Default.GeneratorFor<string>().Select(s => "v1," + s),
            ArbMap.Default.GeneratorFor<string>());
        var gen = from entries in Gen.ListOf(entry) from timestamp in ArbMap.Default.GeneratorFor<long>() select (entries, timestamp);
        var verifier = new StandardWebhooksVerifier([new SecretValue("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")], new FakeTimeProvider(Now)); // keyward:allow (fake)
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), t =>
            !verifier.Verify(TestHeaders.Of(("webhook-id", "msg_1"), ("webhook-timestamp", t.timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("webhook-signature", string.Join(' ', t.entries))), []).IsValid));
    }
}
