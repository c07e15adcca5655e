using System.CommandLine;
using System.Text.Json.Nodes;
using Keyward.Core.Serialization;
using Keyward.Posture.Admin;

namespace Keyward.Cli.Commands;

/// <summary><c>keyward members</c>: review who can use the Instantly workspace and remove who should not. Calls use
/// the admin key (<c>--admin-secret</c>, default <c>env:INSTANTLY_API_KEY</c>); every removal is confirmed and
/// audited.</summary>
internal static class MembersCommand
{
    private static readonly Option<string> AdminSecretOption = InstantlyConnection.AdminSecretOption("workspace_members scopes");

    public static Command Create(CliConsole console)
    {
        var command = new Command("members", "Review workspace members and their roles; remove the ones who should not have access") { AdminSecretOption };
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Remove(console));
        return command;
    }

    private static Command List(CliConsole console)
    {
        var allowed = new Option<string[]>("--allowed-domains")
        {
            Description = "Your team's email domains, comma-separated (subdomains included); members from any other domain are flagged",
            HelpName = "DOMAINS",
        };
        var command = new Command("list", "List members with their roles; mark owners and admins; flag members outside --allowed-domains (exit 1 if any)") { allowed };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var domains = (parse.GetValue(allowed) ?? []).SelectMany(d => d.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
            await using var session = await AdminSession.OpenAsync(parse, AdminSecretOption, cancellationToken).ConfigureAwait(false);
            var reports = await session.Members.ListAsync(domains, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(KeywardCli.JsonOption))
            {
                console.Json(new JsonArray([.. reports.Select(r => new JsonObject
                {
                    ["id"] = r.Member.Id,
                    ["email"] = r.Member.Email,
                    ["role"] = r.Member.Role,
                    ["accepted"] = r.Member.Accepted,
                    ["privileged"] = r.IsPrivileged,
                    ["domain"] = r.Domain,
                    ["findings"] = JsonTree.Strings(r.Findings.Select(KeywardJson.EnumValue)),
                }.WithoutNulls())]));
            }
            else
            {
                var table = console.Table("ID", "EMAIL", "ROLE", "ACCEPTED", "FLAGS");
                foreach (var r in reports)
                {
                    var flags = (r.IsPrivileged ? ["privileged"] : Array.Empty<string>()).Concat(r.Findings.Select(f => Finding(f, r)));
                    table.AddTextRow(r.Member.Id, r.Member.Email, r.Member.Role, r.Member.Accepted switch { true => "yes", false => "invited", null => "?" }, string.Join(", ", flags));
                }

                console.Write(table);
                var flagged = reports.Count(r => r.Findings.Count > 0);
                console.Line($"{reports.Count} members, {reports.Count(r => r.IsPrivileged)} privileged (owners: {reports.Count(r => r.IsOwner)}, admins: {reports.Count(r => r.IsPrivileged && !r.IsOwner)})"
                    + (domains.Length == 0 ? "; pass --allowed-domains to flag members from other domains." : $", {flagged} outside {string.Join(", ", domains)}."));
                if (flagged > 0)
                {
                    console.Line("Review each flagged member; remove one with: keyward members remove EMAIL");
                }
            }

            return reports.Any(r => r.Findings.Count > 0) ? ExitCodes.Findings : ExitCodes.Clean;
        });
        return command;
    }

    private static Command Remove(CliConsole console)
    {
        var member = new Argument<string>("member") { Description = "The member's id or email address (keyward members list)", HelpName = "ID|EMAIL" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would happen; change nothing" };
        var yes = Confirmation.YesOption();
        var command = new Command("remove", "Remove a member from the workspace (never an owner); asks first unless --yes") { member, dryRun, yes };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await AdminSession.OpenAsync(parse, AdminSecretOption, cancellationToken).ConfigureAwait(false);
            var removal = await session.Members.PlanRemovalAsync(parse.GetValue(member)!, cancellationToken).ConfigureAwait(false);
            var who = $"member {removal.Member.Email} ({removal.Member.Role})";
            var json = parse.GetValue(KeywardCli.JsonOption);
            if (parse.GetValue(dryRun))
            {
                Report(console, json, removal, "dry-run", $"dry run: would remove {who}, id {removal.Member.Id}");
                return ExitCodes.Clean;
            }

            if (!await Confirmation.AskAsync(console, parse.GetValue(yes), $"remove {who}", cancellationToken).ConfigureAwait(false))
            {
                Report(console, json, removal, "declined", $"not removed: {who} (not confirmed)");
                return ExitCodes.Findings;
            }

            await session.Members.RemoveAsync(removal, cancellationToken).ConfigureAwait(false);
            Report(console, json, removal, "removed", $"removed {who}, id {removal.Member.Id}");
            return ExitCodes.Clean;
        });
        return command;
    }

    private static void Report(CliConsole console, bool json, MemberRemoval removal, string outcome, string text)
    {
        if (json)
        {
            console.Json(new JsonObject
            {
                ["id"] = removal.Member.Id,
                ["email"] = removal.Member.Email,
                ["role"] = removal.Member.Role,
                ["outcome"] = outcome,
            }.WithoutNulls());
        }
        else
        {
            console.Line(text);
        }
    }

    private static string Finding(MemberFinding finding, MemberReport report) => finding switch
    {
        MemberFinding.OutsideAllowedDomains => $"outside allowed domains ({report.Domain})",
        _ => finding.ToString(),
    };
}
