namespace Keyward.Webhooks.Inbox;

/// <summary>Opens an inbox from its location: <c>sqlite:PATH</c>, a bare path, or <c>postgres:CONNECTION STRING</c>.</summary>
public static class WebhookInboxes
{
    /// <summary>The location used when none is configured: a SQLite file under <c>.keyward/</c>.</summary>
    public const string DefaultLocation = "sqlite:.keyward/webhooks.db";

    /// <summary>Opens (and on first use creates) the inbox at <paramref name="location"/>.</summary>
    /// <param name="location"><c>sqlite:PATH</c> or a bare path for the embedded store (an empty location means
    /// <see cref="DefaultLocation"/>); <c>postgres:Host=...;Database=...;Username=...</c> (or <c>postgresql:</c>)
    /// for the shared one.</param>
    /// <param name="time">The clock for due times and leases; the system clock when null (tests pass a fake).</param>
    /// <returns>The inbox; open one per process, share it, and dispose it to flush queued adds.</returns>
    /// <exception cref="ArgumentException">The location names an unknown scheme or is malformed; the message says
    /// which forms are accepted and never repeats a connection string (it may hold a password).</exception>
    public static IWebhookInbox Open(string location, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (string.IsNullOrWhiteSpace(location))
        {
            location = DefaultLocation;
        }

        var colon = location.IndexOf(':', StringComparison.Ordinal);

        // Only letters before the colon make a scheme; anything else may be part of a secret and is never echoed.
        var scheme = colon > 0 && location[..colon].All(char.IsAsciiLetter) ? location[..colon] : string.Empty;
        var rest = scheme.Length > 0 ? location[(colon + 1)..] : location;
        return scheme.ToUpperInvariant() switch
        {
            "SQLITE" when rest.Length > 0 => SqliteWebhookInbox.Open(rest, time),
            "POSTGRES" or "POSTGRESQL" when rest.Length > 0 => PostgresWebhookInbox.Open(rest, time),

            // A connection string without its prefix would otherwise become a file named after it, password and all.
            "" when location.Contains('=', StringComparison.Ordinal) && location.Contains(';', StringComparison.Ordinal) =>
                throw new ArgumentException($"the webhook inbox location looks like a connection string: prefix it with postgres: ({Forms})", nameof(location)),

            // No scheme, or a one-letter one: a Windows drive letter (C:\keyward\webhooks.db) is a bare path.
            _ when scheme.Length <= 1 => SqliteWebhookInbox.Open(location, time),
            _ => throw new ArgumentException(
                $"unknown webhook inbox location {(rest.Length == 0 ? $"'{scheme}:' with nothing after it" : $"scheme '{scheme}:'")} ({Forms})",
                nameof(location)),
        };
    }

    private const string Forms = $"use sqlite:PATH (default {DefaultLocation}), a bare path, or postgres:Host=...;Database=...;Username=...";
}
