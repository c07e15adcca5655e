using System.CommandLine;
using System.Globalization;
using Keyward.Audit;
using Keyward.Audit.Checkpoints;
using Keyward.Audit.Import;
using Keyward.Cli.Configuration;
using Keyward.Cli.Views;
using Keyward.Core.Auditing;
using Keyward.Core.Secrets;
using Keyward.Core.Text;
using Keyward.Secrets;

namespace Keyward.Cli.Commands;

/// <summary><c>keyward audit-log</c>: append to, read, verify, checkpoint, export and import the tamper-evident log.</summary>
internal static class AuditLogCommand
{
    private static readonly Option<string?> StoreOption = new("--store")
    {
        Description = "sqlite:PATH or postgres:CONNECTION STRING (default: audit.store in keyward.yaml, else sqlite:.keyward/audit.db)",
        Recursive = true,
        HelpName = "REF",
    };

    private static readonly Option<string?> KeyOption = new("--key")
    {
        Description = "Secret reference of the HMAC key that chains the log (default: audit.key in keyward.yaml, else env:KEYWARD_AUDIT_KEY when set)",
        Recursive = true,
        HelpName = "REF",
    };

    public static Command Create(CliConsole console)
    {
        var command = new Command("audit-log", "Keep a tamper-evident, hash-chained audit log and verify it") { StoreOption, KeyOption };
        command.Subcommands.Add(Append(console));
        command.Subcommands.Add(Tail(console));
        command.Subcommands.Add(Query(console));
        command.Subcommands.Add(Verify(console));
        command.Subcommands.Add(Checkpoint(console));
        command.Subcommands.Add(Export(console));
        command.Subcommands.Add(Pull(console));
        command.Subcommands.Add(Stats(console));
        return command;
    }

    private static Command Append(CliConsole console)
    {
        var action = new Option<string>("--action") { Description = "What was done, such as key.rotate.promote", Required = true };
        var resource = new Option<string>("--resource") { Description = "What it was done to", Required = true };
        var actor = new Option<string>("--actor") { Description = "Who did it", DefaultValueFactory = _ => Environment.UserName };
        var result = new Option<string>("--result") { Description = "success or failure", DefaultValueFactory = _ => "success" };
        result.AcceptOnlyFromAmong("success", "failure");
        var reason = new Option<string?>("--reason") { Description = "Why it failed" };
        var metadata = new Option<string?>("--metadata") { Description = "A JSON object of extra facts (secrets in it are redacted)", HelpName = "JSON" };
        var command = new Command("append", "Append one entry") { action, resource, actor, result, reason, metadata };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var log = await OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            var entry = await log.AppendAsync(
                new AuditRecord(
                    TimeProvider.System.GetUtcNow(),
                    parse.GetValue(actor)!,
                    parse.GetValue(action)!,
                    parse.GetValue(resource)!,
                    parse.GetValue(result) == "success",
                    parse.GetValue(reason),
                    Metadata(parse.GetValue(metadata))),
                cancellationToken).ConfigureAwait(false);
            AuditView.Appended(console, entry, parse.GetValue(KeywardCli.JsonOption));
            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command Tail(CliConsole console)
    {
        var count = new Option<int>("-n", "--lines") { Description = "How many of the newest entries", DefaultValueFactory = _ => 20 }.InRange(0);
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new entries until Ctrl+C" };
        var command = new Command("tail", "Show the newest entries") { count, follow };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = parse.GetValue(KeywardCli.JsonOption);
            await using var log = await OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            var entries = await log.TailAsync(parse.GetValue(count), cancellationToken).ConfigureAwait(false);
            AuditView.Entries(console, entries, json);
            var next = entries.Count == 0 ? 1 : entries[^1].Sequence + 1;
            while (parse.GetValue(follow) && !cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                var fresh = await log.ReadAsync(next, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
                AuditView.Entries(console, fresh, json);
                next = fresh.Count == 0 ? next : fresh[^1].Sequence + 1;
            }

            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command Query(CliConsole console)
    {
        var filters = new Filters();
        var command = new Command("query", "Show entries that match filters");
        filters.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var log = await OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            var query = filters.Read(parse);
            var entries = await log.ReadAsync(1, cancellationToken).Where(query.Matches).ToListAsync(cancellationToken).ConfigureAwait(false);
            AuditView.Entries(console, entries, parse.GetValue(KeywardCli.JsonOption));
            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command Verify(CliConsole console)
    {
        var checkpoint = new Option<FileInfo?>("--checkpoint") { Description = "A checkpoint file kept elsewhere: also detects a truncated or rewritten tail", HelpName = "FILE" };
        var command = new Command("verify", "Check every entry's sequence, link and hash; exit 1 naming the first problem") { checkpoint };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(checkpoint);
            var signed = file is null ? null : AuditCheckpoint.Load(file.FullName);
            await using var log = await OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            var verification = await log.VerifyAsync(signed, cancellationToken).ConfigureAwait(false);
            AuditView.Verification(console, log.Store, verification, signed, parse.GetValue(KeywardCli.JsonOption));
            return verification.IsValid ? ExitCodes.Clean : ExitCodes.Findings;
        });
        return command;
    }

    private static Command Checkpoint(CliConsole console)
    {
        var key = new Option<FileInfo>("--signing-key") { Description = "ECDSA P-256 private key (PEM), created 0600 if missing", DefaultValueFactory = _ => new FileInfo(".keyward/audit-signing.pem"), HelpName = "FILE" };
        var output = new Option<FileInfo>("--output") { Description = "Where to write the checkpoint; keep a copy elsewhere", DefaultValueFactory = _ => new FileInfo(".keyward/audit-checkpoint.json"), HelpName = "FILE" };
        var command = new Command("checkpoint", "Sign the current head (sequence and hash) into a file to keep outside the database") { key, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var signingKey = CheckpointKeys.LoadOrCreate(parse.GetValue(key)!.FullName);
            await using var log = await OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            var checkpoint = await log.CheckpointAsync(signingKey, cancellationToken).ConfigureAwait(false);
            var path = parse.GetValue(output)!.FullName;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            checkpoint.Save(path);
            AuditView.Checkpoint(console, checkpoint, path, parse.GetValue(KeywardCli.JsonOption));
            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command Export(CliConsole console)
    {
        var format = new Option<string>("--format") { Description = "jsonl or csv", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "csv");
        var output = new Option<FileInfo?>("--output") { Description = "Write to a file instead of stdout", HelpName = "FILE" };
        var command = new Command("export", "Write every entry, hashes included") { format, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var log = await OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            var file = parse.GetValue(output);
            var writer = file is null ? console.Output : new StreamWriter(file.FullName);
            try
            {
                var count = await AuditExport.WriteAsync(log.ReadAsync(1, cancellationToken), parse.GetValue(format)!, writer, cancellationToken).ConfigureAwait(false);
                if (file is not null)
                {
                    await console.Error.WriteLineAsync($"exported {count} entries to {file.FullName}").ConfigureAwait(false);
                }
            }
            finally
            {
                if (file is not null)
                {
                    await writer.DisposeAsync().ConfigureAwait(false);
                }
            }

            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command Pull(CliConsole console)
    {
        var workspace = new Option<string?>("--workspace") { Description = "A label for the workspace, kept with each imported entry", HelpName = "W" };
        var apiKey = new Option<string>("--api-key") { Description = "Secret reference of a key with audit_logs:read", DefaultValueFactory = _ => "env:INSTANTLY_API_KEY", HelpName = "REF" };
        var command = new Command("pull", "Import Instantly's audit log (idempotent, resumes from the newest imported entry)") { workspace, apiKey };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var log = await OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            await using var connection = InstantlyConnection.Connect(parse, parse.GetValue(apiKey)!, log);
            var importer = new InstantlyAuditImporter(connection.Client, log);
            var (fetched, imported) = await importer.PullAsync(parse.GetValue(workspace), cancellationToken).ConfigureAwait(false);
            AuditView.Pulled(console, fetched, imported, parse.GetValue(KeywardCli.JsonOption));
            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command Stats(CliConsole console)
    {
        var filters = new Filters(defaultSince: "30d");
        var command = new Command("stats", "Activity by actor (key id) and action over a window");
        filters.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var log = await OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            var rows = await AuditActivity.SummarizeAsync(log.ReadAsync(1, cancellationToken), filters.Read(parse), cancellationToken).ConfigureAwait(false);
            AuditView.Activity(console, rows, parse.GetValue(KeywardCli.JsonOption));
            return ExitCodes.Clean;
        });
        return command;
    }

    /// <summary>Opens the audit log the flags, the environment and keyward.yaml name (see docs/configuration.md).</summary>
    internal static async Task<AuditLog> OpenAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var config = KeywardConfig.Load(parse.GetValue(KeywardCli.ConfigOption)?.FullName);
        var keyReference = parse.GetValue(KeyOption)
            ?? config.AuditKey
            ?? (Environment.GetEnvironmentVariable("KEYWARD_AUDIT_KEY") is { Length: > 0 } ? "env:KEYWARD_AUDIT_KEY" : null);
        var key = keyReference is null
            ? null
            : await SecretStores.Default().ResolveAsync(SecretReference.Parse(keyReference), cancellationToken).ConfigureAwait(false);
        var store = parse.GetValue(StoreOption) ?? config.AuditStore ?? new AuditLogOptions().Store;
        return await AuditLog.OpenAsync(new AuditLogOptions { Store = store, HmacKey = key }, cancellationToken).ConfigureAwait(false);
    }

    private static Dictionary<string, string>? Metadata(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(json) is System.Text.Json.Nodes.JsonObject obj
                ? obj.ToDictionary(p => p.Key, p => p.Value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) ? s : p.Value?.ToJsonString() ?? "null", StringComparer.Ordinal)
                : throw new UsageException("--metadata must be a JSON object, such as '{\"ticket\":\"SEC-12\"}'");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new UsageException($"--metadata is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>The filters query and stats share.</summary>
    private sealed class Filters(string? defaultSince = null)
    {
        private readonly Option<string?> _since = new("--since") { Description = "A time (2026-11-01, 2026-11-01T09:00Z) or a window back from now (30d, 12h, 45m)", DefaultValueFactory = _ => defaultSince, HelpName = "WHEN" };
        private readonly Option<string?> _action = new("--action") { Description = "Only this action" };
        private readonly Option<string?> _actor = new("--actor") { Description = "Only this actor" };
        private readonly Option<string?> _result = new("--result") { Description = "success or failure" };
        private readonly Option<string?> _source = new("--source") { Description = "local or instantly" };

        public void AddTo(Command command)
        {
            _result.AcceptOnlyFromAmong("success", "failure");
            _source.AcceptOnlyFromAmong("local", "instantly");
            command.Options.Add(_since);
            command.Options.Add(_action);
            command.Options.Add(_actor);
            command.Options.Add(_result);
            command.Options.Add(_source);
        }

        public AuditQuery Read(ParseResult parse) => new(
            Since: parse.GetValue(_since) is { } since ? ParseSince(since, TimeProvider.System.GetUtcNow()) : null,
            Action: parse.GetValue(_action),
            Actor: parse.GetValue(_actor),
            Succeeded: parse.GetValue(_result) is { } result ? result == "success" : null,
            Source: parse.GetValue(_source));

        private static DateTimeOffset ParseSince(string text, DateTimeOffset now)
        {
            if (DurationText.TryParse(text, out var window))
            {
                return now - window;
            }

            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at
                : throw new UsageException($"--since '{text}' is neither a time (2026-11-01) nor a window (30d, 12h, 45m)");
        }
    }
}
