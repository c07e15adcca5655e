namespace Keyward.Core.Auditing;

/// <summary>One audited action, as its producer describes it: who did what to which resource, and how it ended.</summary>
/// <remarks>
/// Producers (the API client, rotation, the webhook receiver, CLI admin commands) build records; an
/// <see cref="IAuditSink"/> stores them. Metadata must never hold a secret: use ids, key previews and fingerprints.
/// </remarks>
/// <param name="Timestamp">When the action finished (from the producer's <see cref="TimeProvider"/>).</param>
/// <param name="Actor">Who acted: a user, an API key id, or a service name.</param>
/// <param name="Action">What was done, dotted and lower-case, for example <c>instantly.api.call</c>.</param>
/// <param name="Resource">What it was done to, for example <c>GET /api/v2/campaigns</c>.</param>
/// <param name="Succeeded">Whether it succeeded.</param>
/// <param name="Reason">Why it failed (or null on success).</param>
/// <param name="Metadata">Extra facts (status code, attempt, duration); never secrets.</param>
public sealed record AuditRecord(
    DateTimeOffset Timestamp,
    string Actor,
    string Action,
    string Resource,
    bool Succeeded,
    string? Reason = null,
    IReadOnlyDictionary<string, string>? Metadata = null);
