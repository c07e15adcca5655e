using System.Security.Cryptography;
using System.Text;
using Keyward.Core;

namespace Keyward.Posture.Checks;

/// <summary>KW003: every configured key comes from a secret reference, and each environment uses its own key
/// (compared by fingerprint, never by value).</summary>
public sealed class SecretReferencesCheck : IPostureCheck
{
    /// <inheritdoc/>
    public string Id => "KW003";

    /// <inheritdoc/>
    public string Title => "Keys come from secret references, one key per environment";

    /// <inheritdoc/>
    public Severity Severity => Severity.High;

    /// <inheritdoc/>
    public async Task<CheckResult> RunAsync(PostureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Workspaces.Count == 0)
        {
            return CheckResult.Skip(this, "keyward.yaml names no workspaces (add a workspaces: section with api-key references; docs/configuration.md)");
        }

        var evidence = new List<string>();
        var fingerprints = new List<(string Workspace, string Environment, string Fingerprint)>();
        foreach (var workspace in context.Workspaces)
        {
            if (workspace.ApiKey is null)
            {
                evidence.Add(workspace.ApiKeyText is null
                    ? $"workspace {workspace.Name}: no api-key reference"
                    : $"workspace {workspace.Name}: api-key is a value, not a secret reference (value not shown)");
                continue;
            }

            if (context.Secrets is null)
            {
                continue;
            }

            try
            {
                var value = await context.Secrets.ResolveAsync(workspace.ApiKey, cancellationToken).ConfigureAwait(false);
                fingerprints.Add((workspace.Name, workspace.Environment, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value.Reveal())))[..12]));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                evidence.Add($"workspace {workspace.Name}: {workspace.ApiKey} cannot be read ({e.Message})");
            }
        }

        foreach (var shared in fingerprints.GroupBy(f => f.Fingerprint).Where(g => g.Select(f => f.Environment).Distinct(StringComparer.Ordinal).Count() > 1))
        {
            evidence.Add($"workspaces {string.Join(", ", shared.Select(f => $"{f.Workspace} ({f.Environment})"))} use the same key (fingerprint {shared.Key})");
        }

        return evidence.Count == 0
            ? CheckResult.Passed(this, $"{context.Workspaces.Count} workspaces read their keys from secret references, a different key per environment")
            : CheckResult.Failed(
                this,
                $"{Plural.Of(evidence.Count, "problem")} with configured keys",
                evidence,
                "Store each key in a secret store and reference it (keyward secrets set vault-file:.keyward/secrets.kwv#instantly/ENV < key), "
                + "and give each environment its own key (keyward keys create --name app-ENV --preset NAME).");
    }
}
