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
    public static IWebhookInbox Open(string location, TimeProvider? time = null) => OpenAt(location, time, mustExist: false);

    /// <summary>Opens the inbox at <paramref name="location"/> only if it exists: for commands that read or change
    /// stored events, where a mistyped path must not leave an empty inbox behind and report nothing.</summary>
    /// <param name="location">As for <see cref="Open(string, TimeProvider?)"/>.</param>
    /// <param name="time">The clock; the system clock when null.</param>
    /// <returns>The inbox; dispose it.</returns>
    /// <exception cref="ArgumentException">The location names an unknown scheme or is malformed.</exception>
    /// <exception cref="FileNotFoundException">A SQLite inbox file does not exist. A PostgreSQL inbox is opened as by
    /// <see cref="Open(string, TimeProvider?)"/>: its database exists or the connection fails.</exception>
    public static IWebhookInbox OpenExisting(string location, TimeProvider? time = null) => OpenAt(location, time, mustExist: true);

    private static IWebhookInbox OpenAt(string location, TimeProvider? time, bool mustExist)
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
            "SQLITE" when rest.Length > 0 => OpenSqlite(rest, time, mustExist),
            "POSTGRES" or "POSTGRESQL" when rest.Length > 0 => PostgresWebhookInbox.Open(rest, time),

            // A connection string without its prefix would otherwise become a file named after it, password and all.
            "" when location.Contains('=', StringComparison.Ordinal) && location.Contains(';', StringComparison.Ordinal) =>
                throw new ArgumentException($"the webhook inbox location looks like a connection string: prefix it with postgres: ({Forms})", nameof(location)),

            // No scheme, or a one-letter one: a Windows drive letter (C:\keyward\webhooks.db) is a bare path.
            _ when scheme.Length <= 1 => OpenSqlite(location, time, mustExist),
            _ => throw new ArgumentException(
                $"unknown webhook inbox location {(rest.Length == 0 ? $"'{scheme}:' with nothing after it" : $"scheme '{scheme}:'")} ({Forms})",
                nameof(location)),
        };
    }

    private static SqliteWebhookInbox OpenSqlite(string path, TimeProvider? time, bool mustExist) =>
        !mustExist || File.Exists(path) || Directory.Exists(path) ? SqliteWebhookInbox.Open(path, time) // a directory: Open says so
        : throw new FileNotFoundException($"there is no webhook inbox at {path}: a receiver creates it on first start (keyward webhooks serve), or name another with --inbox", path);

    private const string Forms = $"use sqlite:PATH (default {DefaultLocation}), a bare path, or postgres:Host=...;Database=...;Username=...";
}
