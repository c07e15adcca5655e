using Azure.Core;

namespace Keyward.Secrets.Tests.Stores;

/// <summary>A credential that hands out one fixed token, for the Key Vault double (no Entra ID here), and records the
/// scopes the SDK asked for.</summary>
internal sealed class FixedTokenCredential(string token) : TokenCredential
{
    private readonly List<string> _scopes = [];

    public IReadOnlyList<string> Scopes
    {
        get
        {
            lock (_scopes)
            {
                return [.. _scopes];
            }
        }
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        lock (_scopes)
        {
            _scopes.AddRange(requestContext.Scopes);
        }

        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
