using System.Diagnostics;
using System.Globalization;
using Keyward.Core.Auditing;
using Keyward.Core.Secrets;

namespace Keyward.Providers.Instantly.Client.Handlers;

/// <summary>The innermost handler: one audit record for every request that goes on the wire (each retry is its
/// own call), with the operation, status and duration; never the key or the bodies.</summary>
/// <remarks>A failing audit sink fails the call: an action that cannot be logged is not reported as done.</remarks>
internal sealed class AuditHandler(IAuditSink audit, string? configuredActor, TimeProvider time) : DelegatingHandler
{
    /// <summary>The action of every record this client writes.</summary>
    public const string Action = "instantly.api.call";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var actor = configuredActor ?? (request.Headers.Authorization?.Parameter is { Length: > 0 } key ? AuditActor.Of(new SecretValue(key)) : "anonymous");
        var resource = InstantlyRequest.Describe(request);
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

        return audit.WriteAsync(new AuditRecord(time.GetUtcNow(), actor, Action, resource, succeeded, reason, metadata), cancellationToken);
    }
}
