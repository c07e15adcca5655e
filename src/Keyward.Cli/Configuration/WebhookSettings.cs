namespace Keyward.Cli.Configuration;

/// <summary>One endpoint of the <c>webhooks:</c> section of keyward.yaml, as written (secret references unresolved).</summary>
/// <param name="Name">The entry's key, stored as each event's source.</param>
/// <param name="Path">The URL path.</param>
/// <param name="Vendor">instantly, salesloft or generic.</param>
/// <param name="Scheme">The verification scheme.</param>
/// <param name="Header">The header the scheme reads, when it takes one.</param>
/// <param name="Secrets">Secret references of every accepted secret (several while one rotates).</param>
/// <param name="Username">The basic-auth user.</param>
/// <param name="Handler">jsonl:PATH, http:URL, https:URL or stdout; null only stores events.</param>
/// <param name="MaxBodyBytes">The body size limit.</param>
/// <param name="Allow">CIDR ranges deliveries may come from; empty allows any.</param>
/// <param name="ForwardSecret">Secret reference of the Standard Webhooks secret an https:// handler signs its
/// forwards with; null sends them unsigned.</param>
/// <param name="Tolerance">How far a standard-webhooks timestamp may be from now; null for the scheme's default.</param>
internal sealed record WebhookSettings(
    string Name,
    string Path,
    string Vendor,
    string Scheme,
    string? Header,
    IReadOnlyList<string> Secrets,
    string? Username,
    string? Handler,
    int? MaxBodyBytes,
    IReadOnlyList<string> Allow,
    string? ForwardSecret = null,
    TimeSpan? Tolerance = null);
