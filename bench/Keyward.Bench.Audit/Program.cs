using System.Diagnostics;
using System.Globalization;
using Keyward.Audit;
using Keyward.Core.Auditing;

// Usage: keyward-audit-bench STORE [ENTRIES] [WRITERS]   |   keyward-audit-bench --sql CONNSTRING STATEMENT
// Appends ENTRIES records from WRITERS concurrent callers, each awaiting its append (so every counted append is
// durable), then verifies the whole log. Prints one Markdown table row per phase.
if (args is ["--sql", var connectionString, var statement])
{
    // For the bench script: create and drop its PostgreSQL schema without needing psql.
    await using var connection = new Npgsql.NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new Npgsql.NpgsqlCommand(statement, connection);
    await command.ExecuteNonQueryAsync();
    return 0;
}

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: keyward-audit-bench sqlite:PATH|postgres:CONNSTRING [ENTRIES=200000] [WRITERS=256]");
    return 2;
}

var store = args[0];
var total = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
var writers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 256;
var kind = store[..store.IndexOf(':', StringComparison.Ordinal)];

await using var log = await AuditLog.OpenAsync(new AuditLogOptions { Store = store });
var next = -1;
var started = Stopwatch.GetTimestamp();
await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < total)
    {
        await log.AppendAsync(new AuditRecord(
            TimeProvider.System.GetUtcNow(),
            $"instantly-key:0192f1c2-7a3b-7c4d-9e5f-{i % 16:D12}",
            "instantly.api.call",
            $"GET /api/v2/campaigns/{i}",
            i % 10 != 0,
            i % 10 == 0 ? "HTTP 429" : null,
            new Dictionary<string, string> { ["status"] = i % 10 == 0 ? "429" : "200", ["duration_ms"] = "12.5", ["sent"] = "true" }));
    }
})));
var appendSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
Console.WriteLine($"| {kind} | durable appends ({writers} concurrent callers) | {total:N0} | {appendSeconds:F2} s | {total / appendSeconds:N0}/s |");

started = Stopwatch.GetTimestamp();
var verification = await log.VerifyAsync();
var verifySeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
if (!verification.IsValid)
{
    Console.Error.WriteLine($"verification failed: {verification.Problem}");
    return 1;
}

Console.WriteLine($"| {kind} | verify | {verification.EntriesChecked:N0} | {verifySeconds:F2} s | {verification.EntriesChecked / verifySeconds:N0}/s |");
return 0;
