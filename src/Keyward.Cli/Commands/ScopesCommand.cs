using System.CommandLine;
using Keyward.Cli.Views;
using Keyward.Providers.Instantly;
using Keyward.Providers.Instantly.Inference;
using Keyward.Providers.Instantly.Planning;

namespace Keyward.Cli.Commands;

/// <summary><c>keyward scopes</c>: the Instantly scope model, least-privilege planning and inference.</summary>
internal static class ScopesCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("scopes", "Explain Instantly API scopes and plan the least-privilege set an integration needs");
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Explain(console));
        command.Subcommands.Add(Plan(console));
        command.Subcommands.Add(Diff(console));
        command.Subcommands.Add(Infer(console));
        return command;
    }

    private static Command List(CliConsole console)
    {
        var operations = new Option<bool>("--operations") { Description = "List the API operations and the scope each needs, instead of the scopes" };
        var command = new Command("list", "List every Instantly scope with its risk") { operations };
        command.SetAction(parse =>
        {
            var json = parse.GetValue(KeywardCli.JsonOption);
            if (parse.GetValue(operations))
            {
                ScopesView.Operations(console, InstantlyOperationCatalog.Default.Operations, json);
            }
            else
            {
                ScopesView.Scopes(console, InstantlyScopes.Vocabulary.Scopes.Select(InstantlyScopeRisk.Assess).ToArray(), json);
            }

            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command Explain(CliConsole console)
    {
        var scope = new Argument<string>("scope") { Description = "A scope such as leads:read or all:all" };
        var command = new Command("explain", "Show what a scope allows and how risky it is") { scope };
        command.SetAction(parse =>
        {
            var parsed = InstantlyScopes.Vocabulary.Parse(parse.GetValue(scope)!);
            var allowed = InstantlyOperationCatalog.Default.OperationsAllowedBy(parsed);
            ScopesView.Explain(console, InstantlyScopeRisk.Assess(parsed), allowed, parse.GetValue(KeywardCli.JsonOption));
            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command Plan(CliConsole console)
    {
        var selection = new OperationSelection();
        var command = new Command("plan", "Compute the minimal scopes for a preset or a list of operations");
        selection.AddTo(command);
        command.SetAction(parse =>
        {
            var plan = ScopePlanner.Plan(selection.Resolve(parse));
            ScopesView.Plan(console, plan, parse.GetValue(KeywardCli.JsonOption));
            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command Diff(CliConsole console)
    {
        var have = new Option<string>("--have")
        {
            Description = "The scopes the key holds, separated by spaces or commas, for example \"leads:read all:all\"",
            Required = true,
        };
        var selection = new OperationSelection();
        var command = new Command("diff", "Compare a key's scopes with what a preset or operations need; exit 1 on any difference") { have };
        selection.AddTo(command);
        command.SetAction(parse =>
        {
            var held = InstantlyScopes.Vocabulary.ParseSet(parse.GetValue(have)!);
            var diff = ScopePlanner.Diff(held, ScopePlanner.Plan(selection.Resolve(parse)));
            ScopesView.Diff(console, diff, parse.GetValue(KeywardCli.JsonOption));
            return diff.IsExact ? ExitCodes.Clean : ExitCodes.Findings;
        });
        return command;
    }

    private static Command Infer(CliConsole console)
    {
        var path = new Argument<string>("path") { Description = "A source tree (any language) or one file", DefaultValueFactory = _ => "." };
        var command = new Command("infer", "Find Instantly API calls in source code and infer the minimal scopes; exit 1 if any call did not resolve") { path };
        command.SetAction((parse, cancellationToken) =>
        {
            var report = new CallSiteScanner(InstantlyOperationCatalog.Default).Scan(parse.GetValue(path)!, cancellationToken);
            ScopesView.Infer(console, report, parse.GetValue(KeywardCli.JsonOption));
            return Task.FromResult(report.Unresolved.Count == 0 ? ExitCodes.Clean : ExitCodes.Findings);
        });
        return command;
    }

    /// <summary>The <c>--preset NAME</c> and <c>--op "METHOD PATH"</c> options shared by plan and diff.</summary>
    private sealed class OperationSelection
    {
        private readonly Option<string[]> _presets = new("--preset")
        {
            Description = $"A preset: {string.Join(", ", InstantlyPresets.Names)} (repeatable)",
        };

        private readonly Option<string[]> _operations = new("--op")
        {
            Description = "An operation as \"METHOD /api/v2/path\", for example \"GET /api/v2/campaigns/{id}\" (repeatable)",
        };

        public void AddTo(Command command)
        {
            command.Options.Add(_presets);
            command.Options.Add(_operations);
        }

        public InstantlyOperation[] Resolve(ParseResult parse)
        {
            var presets = parse.GetValue(_presets) ?? [];
            var operations = parse.GetValue(_operations) ?? [];
            if (presets.Length == 0 && operations.Length == 0)
            {
                throw new UsageException("name what the key is for: --preset NAME or --op \"METHOD /api/v2/path\" (either may repeat)");
            }

            return presets
                .SelectMany(name => InstantlyPresets.Get(name).Operations)
                .Concat(operations.Select(InstantlyOperationCatalog.Default.Resolve))
                .ToArray();
        }
    }
}
