namespace Keyward.Audit.Stores;

/// <summary>Opens a store from its reference: <c>sqlite:PATH</c> or <c>postgres:CONNECTION STRING</c>.</summary>
internal static class AuditStores
{
    public const string DefaultReference = "sqlite:.keyward/audit.db";

    /// <exception cref="AuditConfigurationException">The reference names no known store.</exception>
    public static async Task<IAuditStore> OpenAsync(string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var colon = reference.IndexOf(':', StringComparison.Ordinal);
        var (scheme, location) = colon < 0 ? (string.Empty, reference) : (reference[..colon], reference[(colon + 1)..]);
        return scheme switch
        {
            "sqlite" when location.Length > 0 => await SqliteAuditStore.OpenAsync(location, cancellationToken).ConfigureAwait(false),
            "postgres" or "postgresql" when location.Length > 0 => await PostgresAuditStore.OpenAsync(location, cancellationToken).ConfigureAwait(false),
            _ => throw new AuditConfigurationException(
                $"unknown audit store {(colon < 0 ? "reference (no scheme)" : $"scheme '{scheme}:'")}; use sqlite:PATH (default {DefaultReference}) or postgres:Host=...;Database=...;Username=..."),
        };
    }
}
