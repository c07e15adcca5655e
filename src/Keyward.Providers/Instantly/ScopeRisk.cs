using Keyward.Core;
using Keyward.Core.Scopes;

namespace Keyward.Providers.Instantly;

/// <summary>How dangerous holding one scope is, and why.</summary>
/// <param name="Scope">The scope assessed.</param>
/// <param name="Level">The risk level.</param>
/// <param name="Reason">One sentence a person can act on.</param>
public sealed record ScopeRisk(Scope Scope, Severity Level, string Reason);
