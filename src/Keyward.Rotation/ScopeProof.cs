using Keyward.Core.Scopes;
using Keyward.Providers.Instantly;

namespace Keyward.Rotation;

/// <summary>A read-only call that proves a new key's scope works.</summary>
/// <param name="Scope">The scope it proves.</param>
/// <param name="Operation">A GET without path parameters that the scope allows.</param>
public sealed record ScopeProof(Scope Scope, InstantlyOperation Operation);
