using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Keyward.Core.Serialization;
using Keyward.Posture.Admin;

namespace Keyward.Cli.Commands;

/// <summary><c>keyward blocklist</c>: see and extend the domains and addresses the Instantly workspace never emails.
/// Calls use the admin key (<c>--admin-secret</c>, default <c>env:INSTANTLY_API_KEY</c>); every addition is
/// confirmed and audited.</summary>
internal static class BlocklistCommand
{
    private static readonly Option<string> AdminSecretOption = InstantlyConnection.AdminSecretOption("block_list_entries scopes");

    public static Command Create(CliConsole console)
    {
        var command = new Command("blocklist", "See and extend the block list: your own and competitors' domains should never be emailed") { AdminSecretOption };
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Add(console));
        return command;
    }

    private static Command List(CliConsole console)
    {
        var command = new Command("list", "List block-list entries: domains and email addresses");
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await AdminSession.OpenAsync(parse, AdminSecretOption, cancellationToken).ConfigureAwait(false);
            var entries = await session.BlockList.ListAsync(cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(KeywardCli.JsonOption))
            {
                console.Json(new JsonArray([.. entries.Select(e => new JsonObject
                {
                    ["id"] = e.Id,
                    ["value"] = e.BlValue,
                    ["isDomain"] = e.IsDomain,
                    ["timestampCreated"] = e.TimestampCreated,
                }.WithoutNulls())]));
                return ExitCodes.Clean;
            }

            var table = console.Table("ID", "VALUE", "KIND", "ADDED");
            foreach (var e in entries)
            {
                table.AddTextRow(e.Id, e.BlValue, e.IsDomain switch { true => "domain", false => "email", null => "?" }, e.TimestampCreated?.UtcDateTime.ToString("u", CultureInfo.InvariantCulture) ?? "?");
            }

            console.Write(table);
            console.Line($"{entries.Count} entries.");
            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command Add(CliConsole console)
    {
        var values = new Argument<string[]>("values")
        {
            Description = "Domains (competitor.example) and email addresses (someone@competitor.example); commas separate too",
            HelpName = "VALUE",
            Arity = ArgumentArity.OneOrMore,
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would happen; change nothing" };
        var yes = Confirmation.YesOption();
        var command = new Command("add", "Block domains or email addresses; skips ones already blocked; asks first unless --yes") { values, dryRun, yes };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var given = parse.GetValue(values)!.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            await using var session = await AdminSession.OpenAsync(parse, AdminSecretOption, cancellationToken).ConfigureAwait(false);
            var plan = await session.BlockList.PlanAddAsync(given, cancellationToken).ConfigureAwait(false);
            var json = parse.GetValue(KeywardCli.JsonOption);
            if (plan.ToAdd.Count == 0)
            {
                Report(console, json, plan, "unchanged", [], "nothing to add");
                return ExitCodes.Clean;
            }

            var what = $"add {plan.ToAdd.Count} {(plan.ToAdd.Count == 1 ? "entry" : "entries")} to the block list ({string.Join(", ", plan.ToAdd)})";
            if (parse.GetValue(dryRun))
            {
                Report(console, json, plan, "dry-run", [], $"dry run: would {what}");
                return ExitCodes.Clean;
            }

            if (!await Confirmation.AskAsync(console, parse.GetValue(yes), what, cancellationToken).ConfigureAwait(false))
            {
                Report(console, json, plan, "declined", [], "nothing added (not confirmed)");
                return ExitCodes.Findings;
            }

            var created = await session.BlockList.AddAsync(plan, cancellationToken).ConfigureAwait(false);
            Report(console, json, plan, "added", [.. created.Select(e => $"blocked {e.BlValue} (entry {e.Id})")], $"{created.Count} added");
            return ExitCodes.Clean;
        });
        return command;
    }

    private static void Report(CliConsole console, bool json, BlockListPlan plan, string outcome, string[] lines, string summary)
    {
        if (json)
        {
            console.Json(new JsonObject
            {
                ["outcome"] = outcome,
                ["add"] = JsonTree.Strings(plan.ToAdd),
                ["alreadyPresent"] = JsonTree.Strings(plan.AlreadyPresent),
            });
            return;
        }

        foreach (var line in lines)
        {
            console.Line(line);
        }

        if (plan.AlreadyPresent.Count > 0)
        {
            console.Line($"already blocked, skipped: {string.Join(", ", plan.AlreadyPresent)}");
        }

        console.Line(summary + ".");
    }
}
