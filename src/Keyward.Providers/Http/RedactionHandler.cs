using Keyward.Core.Secrets;

namespace Keyward.Providers.Http;

/// <summary>Keeps the key out of exceptions: a failure below it (connection errors, handlers, the audit sink) whose
/// message contains the bearer key is rethrown with the key replaced by its redacted preview.</summary>
/// <remarks>The factory's request logging is told to redact the <c>Authorization</c> header as well
/// (<c>AddInstantly</c>, <c>AddSalesloft</c>), so the key reaches no log either.</remarks>
internal sealed class RedactionHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (request.Headers.Authorization?.Parameter is { Length: > 0 } key && Mentions(e, key))
        {
            var redacted = new SecretValue(key).Preview;
            throw new HttpRequestException($"{e.GetType().Name}: {Scrub(e, key, redacted)}");
        }
    }

    private static bool Mentions(Exception e, string key)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current.Message.Contains(key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string Scrub(Exception e, string key, string redacted) =>
        string.Join(" <- ", Chain(e).Select(x => x.Message.Replace(key, redacted, StringComparison.Ordinal)));

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}
