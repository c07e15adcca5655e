namespace Keyward.Cli;

/// <summary>HTTP clients for the requests Keyward sends to webhook URLs: forwards of stored events and the rotation
/// probe. They never follow redirects. A 302 would turn a forward into a GET without its body (and a login page's
/// 200 would pass for a delivery), and a 307 or 308 would re-send the payload, or the probe's pending secret header,
/// to whatever host the <c>Location</c> names; .NET drops only <c>Authorization</c> on a redirect.</summary>
internal static class WebhookHttpClients
{
    /// <summary>Creates a client that answers a redirect as it is, for the caller to treat as a failure.</summary>
    /// <param name="timeout">How long one request may take.</param>
    /// <returns>The client; the caller disposes it.</returns>
    public static HttpClient Create(TimeSpan timeout) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = timeout };
}
