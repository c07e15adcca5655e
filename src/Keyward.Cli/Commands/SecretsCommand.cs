using System.CommandLine;
using System.Text.Json.Nodes;
using Keyward.Audit;
using Keyward.Core.Auditing;
using Keyward.Core.Secrets;
using Keyward.Core.Serialization;
using Keyward.Secrets;
using Keyward.Secrets.Stores;

namespace Keyward.Cli.Commands;

/// <summary><c>keyward secrets</c>: put secrets in a store and read them back, redacted unless asked.</summary>
internal static class SecretsCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("secrets", "Store secrets by reference (vault-file:PATH#NAME, env:NAME) and read them back");
        command.Subcommands.Add(Set(console));
        command.Subcommands.Add(Get(console));
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(ImportEnv(console));
        return command;
    }

    private static Command Set(CliConsole console)
    {
        var reference = new Argument<string>("reference") { Description = "Where to store it, such as vault-file:.keyward/secrets.kwv#instantly/prod" };
        var label = new Option<string>("--label") { Description = "current, or pending for a value not yet in use", DefaultValueFactory = _ => SecretLabels.Current };
        label.AcceptOnlyFromAmong(SecretLabels.Current, SecretLabels.Pending);
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the value and the store; write nothing" };
        var command = new Command("set", "Store the value read from stdin (never from the command line, which shells keep in history)") { reference, label, dryRun };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = SecretReference.Parse(parse.GetValue(reference)!);
            var value = (await console.Input.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).TrimEnd('\r', '\n');
            if (value.Length == 0)
            {
                throw new UsageException("no value on stdin; pipe it in, for example: pbpaste | keyward secrets set REF");
            }

            var store = SecretStores.Default().For(target);
            if (parse.GetValue(dryRun))
            {
                console.Line(store.IsReadOnly ? $"dry run: {target} is read-only; nothing could be stored there" : $"dry run: would store a new version of {target} as {parse.GetValue(label)} ({new SecretValue(value).Preview})");
                return store.IsReadOnly ? ExitCodes.Usage : ExitCodes.Clean;
            }

            var version = await store.PutAsync(target, new SecretValue(value), parse.GetValue(label)!, cancellationToken).ConfigureAwait(false);
            await using (var log = await AuditLogCommand.OpenAsync(parse, cancellationToken).ConfigureAwait(false))
            {
                await AuditAsync(log, "secret.set", target, new() { ["version"] = version, ["label"] = parse.GetValue(label)! }, cancellationToken).ConfigureAwait(false);
            }

            if (target.Scheme == DotenvSecretStore.Scheme && DotenvSecretStore.TrackedWarning(target) is { } warning)
            {
                await console.Error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
            }

            console.Line($"stored {target} version {version} as {parse.GetValue(label)} ({new SecretValue(value).Preview})");
            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command Get(CliConsole console)
    {
        var reference = new Argument<string>("reference") { Description = "The secret's reference" };
        var label = new Option<string>("--label") { Description = "current, pending or previous", DefaultValueFactory = _ => SecretLabels.Current };
        label.AcceptOnlyFromAmong([.. SecretLabels.All]);
        var reveal = new Option<bool>("--reveal") { Description = "Print the value itself instead of its redacted preview" };
        var command = new Command("get", "Show a secret, redacted unless --reveal") { reference, label, reveal };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = SecretReference.Parse(parse.GetValue(reference)!);
            var value = await SecretStores.Default().For(target).GetAsync(target, parse.GetValue(label)!, cancellationToken).ConfigureAwait(false);
            console.Line(parse.GetValue(reveal) ? value.Reveal() : value.Preview);
            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command List(CliConsole console)
    {
        var vault = new Option<string>("--vault") { Description = "The vault file", DefaultValueFactory = _ => VaultFileSecretStore.DefaultFile, HelpName = "FILE" };
        var command = new Command("list", "List the names in a vault file, with their versions' labels (never values)") { vault };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(vault)!;
            var store = new VaultFileSecretStore();
            var names = await store.ListAsync(path, cancellationToken).ConfigureAwait(false);
            var rows = new List<JsonObject>();
            foreach (var name in names)
            {
                var versions = await store.GetVersionsAsync(SecretReference.Parse($"vault-file:{path}#{name}"), cancellationToken).ConfigureAwait(false);
                rows.Add(new JsonObject
                {
                    ["name"] = name,
                    ["versions"] = new JsonArray([.. versions.Select(v => new JsonObject
                    {
                        ["versionId"] = v.VersionId,
                        ["created"] = v.Created,
                        ["labels"] = JsonTree.Strings(v.Labels),
                    })]),
                });
                if (!parse.GetValue(KeywardCli.JsonOption))
                {
                    console.Line($"{name}  {string.Join("  ", versions.Where(v => v.Labels.Count > 0).Select(v => $"{string.Join('+', v.Labels)}={v.VersionId[..8]}"))}");
                }
            }

            if (parse.GetValue(KeywardCli.JsonOption))
            {
                console.Json(new JsonArray([.. rows]));
            }

            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command ImportEnv(CliConsole console)
    {
        var file = new Argument<FileInfo>("file") { Description = "A .env file (NAME=value lines)" };
        var into = new Option<string>("--into") { Description = "The vault file to import into", DefaultValueFactory = _ => VaultFileSecretStore.DefaultFile, HelpName = "FILE" };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be imported; write nothing" };
        var command = new Command("import-env", "Move the values of a .env file into the vault file (then delete the .env file)") { file, into, dryRun };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var source = parse.GetValue(file)!;
            if (!source.Exists)
            {
                throw new FileNotFoundException($"'{source.FullName}' does not exist", source.FullName);
            }

            var store = new VaultFileSecretStore();
            await using var log = parse.GetValue(dryRun) ? null : await AuditLogCommand.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            var imported = 0;
            foreach (var (name, value) in DotEnv.Parse(await File.ReadAllLinesAsync(source.FullName, cancellationToken).ConfigureAwait(false)))
            {
                var target = SecretReference.Parse($"vault-file:{parse.GetValue(into)}#{name}");
                if (log is not null)
                {
                    var version = await store.PutAsync(target, new SecretValue(value), SecretLabels.Current, cancellationToken).ConfigureAwait(false);
                    await AuditAsync(log, "secret.import", target, new() { ["version"] = version, ["from"] = source.Name }, cancellationToken).ConfigureAwait(false);
                }

                console.Line($"{(parse.GetValue(dryRun) ? "would import" : "imported")} {name} -> {target}");
                imported++;
            }

            console.Line(parse.GetValue(dryRun)
                ? $"dry run: {imported} values would be imported; nothing was written."
                : $"{imported} values imported. Delete {source.Name} and reference the secrets instead of the values.");
            return ExitCodes.Clean;
        });
        return command;
    }

    /// <summary>Records a write in the audit log (the store <c>keyward audit-log</c> reads); never the value.</summary>
    private static async Task AuditAsync(AuditLog log, string action, SecretReference target, Dictionary<string, string> metadata, CancellationToken cancellationToken) =>
        await log.AppendAsync(new AuditRecord(TimeProvider.System.GetUtcNow(), Environment.UserName, action, target.ToString(), true, null, metadata), cancellationToken).ConfigureAwait(false);
}
