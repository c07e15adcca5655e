using System.Text;
using Keyward.Core.Secrets;
using Keyward.Testing;
using Keyward.Tests.Shared;
using Keyward.Webhooks.Verification;

namespace Keyward.Webhooks.Tests.Verification;

/// <summary>Cross-checks with the reference implementation, the npm package standardwebhooks (pinned in
/// tests/tools/package.json), through tests/tools/standard-webhooks.js.</summary>
/// <remarks>The npm library checks timestamps against the real clock, so these tests sign at the real time.</remarks>
public class StandardWebhooksReferenceTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"; // keyward:allow (fake)

    private static readonly string Body = "{\"event\":\"person_created\",\"name\":\"Zoë Ω\",\"n\":[1,2,3]}";

    [Fact]
    public void Verify_SignedByTheReferenceLibrary_IsValid()
    {
        var now = TimeProvider.System.GetUtcNow();
        var seconds = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var temp = new TempDirectory();
        var bodyFile = temp.Write("body.json", Body);

        var (exitCode, output) = NodeTool.Run("standard-webhooks.js", "sign", Secret, "msg_reference_1", seconds, bodyFile);

        Assert.True(exitCode == 0, output);
        var verifier = new StandardWebhooksVerifier([new SecretValue("whsec_" + Convert.ToBase64String("another-key-24-bytes-xxx"u8)), new SecretValue(Secret)], new FakeTimeProvider(now));
        var headers = TestHeaders.Of(("webhook-id", "msg_reference_1"), ("webhook-timestamp", seconds), ("webhook-signature", output.Trim()));
        Assert.Equal(VerificationResult.Valid, verifier.Verify(headers, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void WebhookSigner_IsAcceptedByTheReferenceLibrary_AndATamperedBodyIsNot()
    {
        var now = TimeProvider.System.GetUtcNow();
        var headers = WebhookSigner.StandardWebhooks(new SecretValue(Secret), "msg_reference_2", now, Encoding.UTF8.GetBytes(Body));
        using var temp = new TempDirectory();
        var bodyFile = temp.Write("body.json", Body);
        var tamperedFile = temp.Write("tampered.json", Body.Replace("1,2,3", "1,2,4", StringComparison.Ordinal));

        var valid = NodeTool.Run("standard-webhooks.js", "verify", Secret, headers["webhook-id"], headers["webhook-timestamp"], bodyFile, headers["webhook-signature"]);
        var tampered = NodeTool.Run("standard-webhooks.js", "verify", Secret, headers["webhook-id"], headers["webhook-timestamp"], tamperedFile, headers["webhook-signature"]);

        Assert.True(valid.ExitCode == 0, valid.Output);
        Assert.Equal(1, tampered.ExitCode);
    }
}
