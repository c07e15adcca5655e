using Keyward.Core.Scopes;

namespace Keyward.Providers.Instantly.Client.Handlers;

/// <summary>What reading a key's scopes found: the scopes (or null when unknown), and whether the answer holds
/// until the key changes.</summary>
internal readonly record struct ScopeLookup(ScopeSet? Scopes, bool IsDefinitive);
