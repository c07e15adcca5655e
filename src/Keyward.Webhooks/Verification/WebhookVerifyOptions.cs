using Keyward.Core.Secrets;

namespace Keyward.Webhooks.Verification;

/// <summary>How one webhook endpoint verifies its deliveries, as read from <c>webhooks.*.verify</c> in configuration.</summary>
/// <remarks>Pass it to <see cref="WebhookVerifiers.Create"/>, which validates it. The secrets are resolved
/// <see cref="SecretValue"/>s, never references.</remarks>
public sealed class WebhookVerifyOptions
{
    /// <summary>Gets or sets the scheme name, one of <see cref="WebhookVerifyConstants.Schemes"/>.</summary>
    /// <value>The default value is empty, which the factory rejects.</value>
    public string Scheme { get; set; } = string.Empty;

    /// <summary>Gets or sets the header that carries the secret or signature, where the scheme lets it be chosen.</summary>
    /// <value>The default value is null: required for <c>header-secret</c>, <c>X-Signature</c> for <c>hmac-sha256</c>,
    /// and ignored by the schemes whose headers are fixed.</value>
    public string? Header { get; set; }

    /// <summary>Gets or sets every accepted secret (passwords for <c>basic-auth</c>, callback tokens for <c>salesloft</c>).</summary>
    /// <value>The default value is empty, which the factory rejects. List the old and the new secret during a rotation.</value>
    public IReadOnlyList<SecretValue> Secrets { get; set; } = [];

    /// <summary>Gets or sets how far a signed timestamp may be from now, either way (<c>standard-webhooks</c> only).</summary>
    /// <value>The default value is five minutes, as in every Standard Webhooks reference library.</value>
    public TimeSpan Tolerance { get; set; } = WebhookVerifyConstants.DefaultTolerance;

    /// <summary>Gets or sets the user name for <c>basic-auth</c>.</summary>
    /// <value>The default value is null, which <c>basic-auth</c> rejects.</value>
    public string? Username { get; set; }
}
