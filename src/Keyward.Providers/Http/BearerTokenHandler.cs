using System.Net.Http.Headers;
using Keyward.Core.Secrets;

namespace Keyward.Providers.Http;

/// <summary>Reads the key from its secret reference for every request (so a rotated key is used at once) and sends
/// it as <c>Authorization: Bearer</c>.</summary>
internal sealed class BearerTokenHandler(ISecretResolver secrets, SecretReference key) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var value = await secrets.ResolveAsync(key, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", value.Reveal());
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
