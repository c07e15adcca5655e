using Keyward.Core.Scopes;
using Keyward.Providers.Instantly;

namespace Keyward.Rotation.Tests;

public class ScopeProofsTests
{
    [Fact]
    public void EveryProof_IsAParameterlessGet_ThatItsScopeAloneAllows()
    {
        var proofs = ScopeProofs.For(new ScopeSet(InstantlyScopes.Vocabulary.Scopes));

        Assert.NotEmpty(proofs);
        Assert.All(proofs, p =>
        {
            Assert.Equal("GET", p.Operation.Method);
            Assert.DoesNotContain('{', p.Operation.PathTemplate);
            Assert.True(p.Operation.IsAllowedBy(new ScopeSet([p.Scope])), $"{p.Operation.Key} is not allowed by {p.Scope}");
        });
    }

    [Fact]
    public void ReadScopes_AreProvenByAListCall_AndCreateOnlyScopesAreSkipped()
    {
        var proofs = ScopeProofs.For(InstantlyScopes.Vocabulary.ParseSet("campaigns:read leads:create"));

        var proof = Assert.Single(proofs);
        Assert.Equal("GET /api/v2/campaigns", proof.Operation.Key);
    }

    [Fact]
    public void AllScopes_AreProvenByReadingTheWorkspace()
    {
        var proof = Assert.Single(ScopeProofs.For(InstantlyScopes.Vocabulary.ParseSet("all:all")));

        Assert.Equal("GET /api/v2/workspaces/current", proof.Operation.Key);
    }
}
