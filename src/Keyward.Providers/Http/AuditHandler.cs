using System.Diagnostics;
using System.Globalization;
using Keyward.Core.Auditing;
using Keyward.Core.Secrets;

namespace Keyward.Providers.Http;

/// <summary>The innermost handler: one audit record for every request that goes on the wire (each retry is its
/// own call), with the operation, status and duration; never the key or the bodies.</summary>
/// <remarks>A failing audit sink fails the call: an action that cannot be logged is not reported as done.</remarks>
/// <param name="audit">Where records go.</param>
/// <param name="action">The action of every record, such as <c>instantly.api.call</c>.</param>
/// <param name="describe">Names the resource of a request, such as <c>GET /api/v2/campaigns</c>.</param>
/// <param name="actorOf">Names the actor from the bearer key (an id or a fingerprint, never the key).</param>
/// <param name="configuredActor">An actor that overrides <paramref name="actorOf"/>.</param>
/// <param name="time">The clock.</param>
internal sealed class AuditHandler(
    IAuditSink audit,
    string action,
    Func<HttpRequestMessage, string> describe,
    Func<SecretValue, string> actorOf,
    string? configuredActor,
    TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var actor = configuredActor ?? (request.Headers.Authorization?.Parameter is { Length: > 0 } key ? actorOf(new SecretValue(key)) : "anonymous");
        var resource = describe(request);
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await WriteAsync(actor, resource, false, $"no response: {e.GetType().Name}", null, started, cancellationToken).ConfigureAwait(false);
            throw;
        }

        var status = (int)response.StatusCode;
        await WriteAsync(actor, resource, response.IsSuccessStatusCode, response.IsSuccessStatusCode ? null : $"HTTP {status}", status, started, cancellationToken).ConfigureAwait(false);
        return response;
    }

    private ValueTask WriteAsync(string actor, string resource, bool succeeded, string? reason, int? status, long started, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["sent"] = "true",
            ["duration_ms"] = Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture),
        };
        if (status is not null)
        {
            metadata["status"] = status.Value.ToString(CultureInfo.InvariantCulture);
        }

        return audit.WriteAsync(new AuditRecord(time.GetUtcNow(), actor, action, resource, succeeded, reason, metadata), cancellationToken);
    }
}
