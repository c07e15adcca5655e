using System.Net;
using Keyward.Webhooks.Verification;

namespace Keyward.Webhooks.Receiver;

/// <summary>One webhook URL the receiver serves: where it listens, how deliveries are authenticated, and what they
/// must look like. Built from the <c>webhooks:</c> section of keyward.yaml, or in code.</summary>
public sealed class WebhookEndpoint
{
    /// <summary>The default body size limit: 256 KiB, well above any Instantly or Salesloft event.</summary>
    public const int DefaultMaxBodyBytes = 256 * 1024;

    /// <summary>Initializes a new instance of the <see cref="WebhookEndpoint"/> class.</summary>
    /// <param name="name">The source name stored with each event, such as <c>instantly</c>.</param>
    /// <param name="path">The URL path, such as <c>/webhooks/instantly</c>.</param>
    /// <param name="verifier">Authenticates each delivery over the raw body.</param>
    /// <param name="vendor">How payloads are validated.</param>
    public WebhookEndpoint(string name, string path, IWebhookVerifier verifier, WebhookVendor vendor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException($"webhook path '{path}' must start with /", nameof(path));
        }

        Name = name;
        Path = path;
        Verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        Vendor = vendor;
    }

    /// <summary>Gets the source name stored with each event.</summary>
    public string Name { get; }

    /// <summary>Gets the URL path.</summary>
    public string Path { get; }

    /// <summary>Gets the verifier.</summary>
    public IWebhookVerifier Verifier { get; }

    /// <summary>Gets whose events arrive here.</summary>
    public WebhookVendor Vendor { get; }

    /// <summary>Gets the largest body accepted; larger deliveries get 413 before anything reads them.</summary>
    public int MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>Gets the networks deliveries may come from; empty allows any (authentication still applies).</summary>
    public IReadOnlyList<IPNetwork> AllowedNetworks { get; init; } = [];
}
