using System.Net;
using System.Net.Http.Json;
using Keyward.Core.Auditing;
using Keyward.Core.Scopes;
using Keyward.Core.Secrets;

namespace Keyward.Providers.Instantly.Client.Handlers;

/// <summary>The outermost handler: refuses, before anything is sent, a request that is not an Instantly v2
/// operation or that the key's scopes do not allow, and audits the refusal.</summary>
/// <remarks>The key's scopes are the declared ones, else those <c>GET /api/v2/api-keys</c> reports for the key
/// (read once per key through the rest of the pipeline), else unknown, in which case Instantly decides.</remarks>
internal sealed class ScopeGuardHandler(
    ScopeSet? declared,
    ISecretResolver secrets,
    SecretReference key,
    KeyScopeCache cache,
    IAuditSink audit,
    AuditActor actor,
    TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = InstantlyRequest.Operation(request);
        if (operation is null)
        {
            await RefuseAsync(request, null, "not an Instantly API v2 operation", cancellationToken).ConfigureAwait(false);
            throw new InstantlyApiException(
                InstantlyRequest.Describe(request),
                null,
                $"{InstantlyRequest.Describe(request)} is not an Instantly API v2 operation (see keyward scopes list --operations); refused before sending");
        }

        var held = declared ?? await FetchScopesAsync(request, cancellationToken).ConfigureAwait(false);
        if (held is not null && !operation.IsAllowedBy(held))
        {
            var message = $"the key's scopes ({held}) do not allow {operation.Key}; grant {operation.RequiredScope} "
                + $"(or one of {string.Join(", ", operation.AcceptedScopes.Skip(1))}); refused before sending";
            await RefuseAsync(request, operation, $"scope denied: needs {operation.RequiredScope}", cancellationToken).ConfigureAwait(false);
            throw new ScopeDeniedException(operation.Key, null, operation.RequiredScope, message);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ScopeSet?> FetchScopesAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var value = await secrets.ResolveAsync(key, cancellationToken).ConfigureAwait(false);
        if (!InstantlyKeyShape.TryGetKeyId(value, out var id) || request.RequestUri is null)
        {
            return null;
        }

        var origin = new Uri(request.RequestUri.GetLeftPart(UriPartial.Authority));
        return await cache.GetAsync(value, () => ReadScopesAsync(origin, id.ToString("D"), cancellationToken)).ConfigureAwait(false);
    }

    private async Task<ScopeLookup> ReadScopesAsync(Uri origin, string id, CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var path = $"{InstantlyOperationCatalog.PathPrefix}/api-keys?limit=100" + (cursor is null ? string.Empty : $"&starting_after={Uri.EscapeDataString(cursor)}");
            using var lookup = new HttpRequestMessage(HttpMethod.Get, new Uri(origin, path));
            using var response = await base.SendAsync(lookup, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
            {
                return new ScopeLookup(null, IsDefinitive: true); // the key may not list keys: Instantly enforces scopes itself
            }

            if (!response.IsSuccessStatusCode)
            {
                return new ScopeLookup(null, IsDefinitive: false);
            }

            using var page = await response.Content.ReadFromJsonAsync(InstantlyJsonContext.Default.JsonDocument, cancellationToken).ConfigureAwait(false);
            if (page is null || !page.RootElement.TryGetProperty("items", out var items))
            {
                return new ScopeLookup(null, IsDefinitive: false);
            }

            foreach (var item in items.EnumerateArray())
            {
                if (item.TryGetProperty("id", out var itemId) && itemId.GetString() == id && item.TryGetProperty("scopes", out var scopes))
                {
                    return new ScopeLookup(InstantlyScopes.Vocabulary.ParseSet(string.Join(' ', scopes.EnumerateArray().Select(s => s.GetString()))), IsDefinitive: true);
                }
            }

            cursor = page.RootElement.TryGetProperty("next_starting_after", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);
        return new ScopeLookup(null, IsDefinitive: true); // not listed: a key of another workspace, or a shape we misread
    }

    private async Task RefuseAsync(HttpRequestMessage request, InstantlyOperation? operation, string reason, CancellationToken cancellationToken)
    {
        var name = await actor.NameAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(
            new AuditRecord(
                time.GetUtcNow(),
                name,
                AuditActor.Action,
                operation?.Key ?? InstantlyRequest.Describe(request),
                Succeeded: false,
                reason,
                new Dictionary<string, string>(StringComparer.Ordinal) { ["sent"] = "false" }),
            cancellationToken).ConfigureAwait(false);
    }
}
