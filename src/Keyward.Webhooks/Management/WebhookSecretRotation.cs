using Keyward.Core.Secrets;
using Keyward.Providers.Instantly.Client.Models;

namespace Keyward.Webhooks.Management;

/// <summary>What a webhook secret rotation did, or would do in a dry run.</summary>
/// <param name="Secret">The secret rotated.</param>
/// <param name="Webhooks">The webhooks that send it (now the new value, unless a dry run).</param>
/// <param name="Resumed">Whether a pending secret from an earlier, interrupted run was taken up.</param>
/// <param name="DryRun">Whether nothing was changed.</param>
public sealed record WebhookSecretRotation(SecretReference Secret, IReadOnlyList<Webhook> Webhooks, bool Resumed, bool DryRun);
