using System.CommandLine;
using System.Text.Json.Nodes;
using Keyward.Core.Secrets;
using Keyward.Core.Serialization;
using Keyward.Providers.Instantly;
using Keyward.Rotation;
using Keyward.Secrets;
using Spectre.Console;

namespace Keyward.Cli.Commands;

/// <summary><c>keyward keys</c>: list, create, revoke and find overdue Instantly API keys. Management calls use the
/// admin key (<c>--admin-secret</c>, default <c>env:INSTANTLY_API_KEY</c>); every change is audited.</summary>
internal static class KeysCommand
{
    internal static readonly Option<string> AdminSecretOption = InstantlyConnection.AdminSecretOption("api_keys scopes");

    public static Command Create(CliConsole console)
    {
        var command = new Command("keys", "List, create, revoke and age-check Instantly API keys") { AdminSecretOption };
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(CreateKey(console));
        command.Subcommands.Add(Revoke(console));
        command.Subcommands.Add(Due(console));
        command.Subcommands.Add(KeysRotateCommand.Create(console));
        return command;
    }

    private static Command List(CliConsole console)
    {
        var command = new Command("list", "List keys: id, name, scopes with their risk, age (never values)");
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await OpenSessionAsync(parse, cancellationToken).ConfigureAwait(false);
            var keys = await session.Keys.ListAsync(cancellationToken).ConfigureAwait(false);
            var now = TimeProvider.System.GetUtcNow();
            var rows = keys.Select(k => new
            {
                k.Id,
                k.Name,
                k.Scopes,
                risk = k.Scopes.Select(s => InstantlyScopes.Vocabulary.TryParse(s, out var scope, out _) ? InstantlyScopeRisk.Assess(scope).Level : default).DefaultIfEmpty().Max(),
                ageDays = k.TimestampCreated is { } created ? (int?)(now - created).TotalDays : null,
            }).ToArray();
            if (parse.GetValue(KeywardCli.JsonOption))
            {
                console.Json(new JsonArray([.. rows.Select(row => new JsonObject
                {
                    ["id"] = row.Id,
                    ["name"] = row.Name,
                    ["scopes"] = JsonTree.Strings(row.Scopes),
                    ["risk"] = KeywardJson.EnumValue(row.risk),
                    ["ageDays"] = row.ageDays,
                }.WithoutNulls())]));
                return ExitCodes.Clean;
            }

            var table = console.Table("ID", "NAME", "SCOPES", "RISK", "AGE");
            foreach (var row in rows)
            {
                table.AddTextRow(row.Id, row.Name, string.Join(' ', row.Scopes), row.risk.ToString().ToLowerInvariant(), row.ageDays is { } d ? $"{d}d" : "?");
            }

            console.Write(table);
            console.Line($"{rows.Length} keys.");
            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command CreateKey(CliConsole console)
    {
        var name = new Option<string>("--name") { Description = "The key's name", Required = true };
        var scopes = new Option<string>("--scopes") { Description = "Space-separated scopes, as narrow as possible (keyward scopes plan)", Required = true };
        var secret = new Option<string>("--secret") { Description = "Where to store the new key (a writable store, such as vault-file:PATH#NAME)", Required = true, HelpName = "REF" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would happen; change nothing" };
        var command = new Command("create", "Create a key, store its value at --secret, print only its id") { name, scopes, secret, dryRun };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var scopeSet = InstantlyScopes.Vocabulary.ParseSet(parse.GetValue(scopes)!);
            var target = SecretReference.Parse(parse.GetValue(secret)!);
            if (parse.GetValue(dryRun))
            {
                if (SecretStores.Default().For(target).IsReadOnly)
                {
                    throw new UsageException($"{target} is read-only; store new keys in a writable store such as vault-file:.keyward/secrets.kwv#{parse.GetValue(name)}");
                }

                console.Line($"dry run: would create key '{parse.GetValue(name)}' with {scopeSet} and store it at {target}");
                return ExitCodes.Clean;
            }

            await using var session = await OpenSessionAsync(parse, cancellationToken).ConfigureAwait(false);
            var created = await session.Keys.CreateAsync(parse.GetValue(name)!, scopeSet, target, cancellationToken).ConfigureAwait(false);
            console.Line(created.Id);
            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command Revoke(CliConsole console)
    {
        var id = new Argument<string>("id") { Description = "The key's id (keyward keys list)" };
        var secret = new Option<string?>("--secret") { Description = "A reference whose current key must not be revoked by accident", HelpName = "REF" };
        var force = new Option<bool>("--force") { Description = "Revoke even the key in use" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would happen; change nothing" };
        var command = new Command("revoke", "Revoke a key at once; refuses the key in use (the admin key, or --secret's current) unless --force") { id, secret, force, dryRun };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var keyId = parse.GetValue(id)!;
            var guarded = new List<SecretReference> { SecretReference.Parse(parse.GetValue(AdminSecretOption)!) };
            if (parse.GetValue(secret) is { } reference)
            {
                guarded.Add(SecretReference.Parse(reference));
            }

            await using var session = await OpenSessionAsync(parse, cancellationToken).ConfigureAwait(false);
            if (!parse.GetValue(force) && await session.Keys.FindHolderAsync(keyId, guarded, cancellationToken).ConfigureAwait(false) is { } holder)
            {
                throw new UsageException($"key {keyId} is the current key at {holder}; revoking it would cut off what uses it. Rotate it instead (keyward keys rotate), or pass --force");
            }

            if (parse.GetValue(dryRun))
            {
                console.Line($"dry run: would revoke key {keyId}");
                return ExitCodes.Clean;
            }

            await InstantlyConnection.ByIdAsync(() => session.Keys.RevokeAsync(keyId, cancellationToken), "API key", keyId, "keyward keys list").ConfigureAwait(false);
            console.Line($"revoked {keyId}");
            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command Due(CliConsole console)
    {
        var maxAge = new Option<string>("--max-age") { Description = "The longest a key may live (90d, 12h, 30m)", DefaultValueFactory = _ => "90d" };
        var command = new Command("due", "List keys older than the policy; exit 1 if any") { maxAge };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var policy = KeyAgePolicy.Parse(parse.GetValue(maxAge)!);
            await using var session = await OpenSessionAsync(parse, cancellationToken).ConfigureAwait(false);
            var overdue = policy.Overdue(await session.Keys.ListAsync(cancellationToken).ConfigureAwait(false), TimeProvider.System.GetUtcNow());
            if (parse.GetValue(KeywardCli.JsonOption))
            {
                console.Json(new JsonArray([.. overdue.Select(o => new JsonObject
                {
                    ["id"] = o.Key.Id,
                    ["name"] = o.Key.Name,
                    ["ageDays"] = (int)o.Age.TotalDays,
                }.WithoutNulls())]));
            }
            else
            {
                foreach (var (key, age) in overdue)
                {
                    console.Line($"{key.Id}  {key.Name}  {(int)age.TotalDays} days old (policy {parse.GetValue(maxAge)}): keyward keys rotate --secret REF");
                }

                console.Line(overdue.Count == 0 ? $"No key is older than {parse.GetValue(maxAge)}." : $"{overdue.Count} keys are due for rotation.");
            }

            return overdue.Count == 0 ? ExitCodes.Clean : ExitCodes.Findings;
        });
        return command;
    }

    private static Task<AdminSession> OpenSessionAsync(ParseResult parse, CancellationToken cancellationToken) =>
        AdminSession.OpenAsync(parse, AdminSecretOption, cancellationToken);
}
