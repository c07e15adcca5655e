using System.Collections.Concurrent;
using Keyward.Core.Scopes;
using Keyward.Core.Secrets;

namespace Keyward.Providers.Instantly.Client.Handlers;

/// <summary>The scopes read from <c>GET /api/v2/api-keys</c>, per key (by fingerprint, so a rotated key is looked
/// up afresh); null when they could not be read.</summary>
internal sealed class KeyScopeCache
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ScopeSet?>>> _byKey = new(StringComparer.Ordinal);

    public Task<ScopeSet?> GetAsync(SecretValue key, Func<Task<ScopeSet?>> fetch) =>
        _byKey.GetOrAdd(key.Sha256Hex(), _ => new Lazy<Task<ScopeSet?>>(fetch)).Value;
}
