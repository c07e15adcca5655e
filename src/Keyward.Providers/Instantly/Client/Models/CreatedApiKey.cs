using Keyward.Core.Secrets;

namespace Keyward.Providers.Instantly.Client.Models;

/// <summary>A key just created: the only time Instantly shows its value. Store <see cref="Key"/> in a secret store
/// at once; it prints redacted.</summary>
/// <param name="Details">Id, name, scopes and dates.</param>
/// <param name="Key">The value.</param>
public sealed record CreatedApiKey(ApiKey Details, SecretValue Key);
