using System.Collections.Concurrent;
using Keyward.Core.Scopes;
using Keyward.Core.Secrets;

namespace Keyward.Providers.Instantly.Client.Handlers;

/// <summary>The scopes read from <c>GET /api/v2/api-keys</c>, per key (by fingerprint, so a rotated key is looked
/// up afresh). Only definitive answers are kept: the key's scopes, or "this key may not list keys"; a lookup that
/// failed for another reason (a 5xx, a lost connection) is tried again on the next call.</summary>
internal sealed class KeyScopeCache
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ScopeLookup>>> _byKey = new(StringComparer.Ordinal);

    public async Task<ScopeSet?> GetAsync(SecretValue key, Func<Task<ScopeLookup>> fetch)
    {
        var fingerprint = key.Sha256Hex();
        var entry = _byKey.GetOrAdd(fingerprint, _ => new Lazy<Task<ScopeLookup>>(fetch));
        ScopeLookup lookup;
        try
        {
            lookup = await entry.Value.ConfigureAwait(false);
        }
        catch
        {
            _byKey.TryRemove(KeyValuePair.Create(fingerprint, entry));
            throw;
        }

        if (!lookup.IsDefinitive)
        {
            _byKey.TryRemove(KeyValuePair.Create(fingerprint, entry));
        }

        return lookup.Scopes;
    }
}
