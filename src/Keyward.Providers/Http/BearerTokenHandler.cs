using System.Net;
using System.Net.Http.Headers;
using Keyward.Core.Secrets;

namespace Keyward.Providers.Http;

/// <summary>Reads the key from its secret reference for every request (so a rotated key is used at once) and sends
/// it as <c>Authorization: Bearer</c>. On a 401 it reads the reference again and, if the key changed meanwhile (a
/// rotation promoted a new one and revoked the old), sends the request once more with the new key.</summary>
internal sealed class BearerTokenHandler(ISecretResolver secrets, SecretReference key) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var value = await secrets.ResolveAsync(key, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", value.Reveal());
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        var current = await secrets.ResolveAsync(key, cancellationToken).ConfigureAwait(false);
        if (current.Equals(value))
        {
            return response;
        }

        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", current.Reveal());
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
