using System.CommandLine;
using Keyward.Cli.Configuration;
using Keyward.Core.Scopes;
using Keyward.Core.Secrets;
using Keyward.Core.Text;
using Keyward.Providers.Instantly;
using Keyward.Providers.Instantly.Planning;
using Keyward.Rotation;
using Keyward.Secrets;

namespace Keyward.Cli.Commands;

/// <summary><c>keyward keys rotate</c>: the journaled, resumable rotation of the key a secret holds
/// (<see cref="InstantlyKeyRotator"/>), or the guided one for Salesloft (<see cref="SalesloftGuidedRotation"/>).</summary>
internal static class KeysRotateCommand
{
    public static Command Create(CliConsole console)
    {
        var secret = new Option<string?>("--secret") { Description = "The secret holding the key to rotate (a writable store)", HelpName = "REF" };
        var scopes = new Option<string?>("--scopes") { Description = "The new key's scopes (default: the old key's)" };
        var presets = new Option<string[]>("--preset") { Description = $"Scope the new key for a preset instead: {string.Join(", ", InstantlyPresets.Names)} (repeatable)" };
        var grace = new Option<string>("--grace") { Description = "How long the old key stays valid after the switch (10m, 1h, 0s)", DefaultValueFactory = _ => "10m" };
        var resume = new Option<bool>("--resume") { Description = "Continue unfinished rotations (all, or --secret's)" };
        var ignoreUsage = new Option<bool>("--ignore-usage") { Description = "Revoke the old key even if Instantly's audit log shows it still in use" };
        var journal = new Option<string?>("--journal")
        {
            Description = "The rotation journal: a SQLite file, or postgres:CONNECTION STRING (default: rotation.journal in keyward.yaml, else .keyward/rotations.db)",
            HelpName = "PATH",
        };
        var provider = new Option<string>("--provider") { Description = "instantly (by API) or salesloft (guided: you create the key, keyward verifies and stores it)", DefaultValueFactory = _ => "instantly" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan; change nothing" };
        var command = new Command("rotate", "Replace the key a secret holds with a new one, without downtime; crash-safe and resumable")
        {
            secret, scopes, presets, grace, resume, ignoreUsage, journal, provider, dryRun,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var reference = parse.GetValue(secret) is { } text ? SecretReference.Parse(text) : null;
            if (reference is null && !parse.GetValue(resume))
            {
                throw new UsageException("name the secret holding the key: --secret REF (or --resume to continue unfinished rotations)");
            }

            if (parse.GetValue(provider) is "salesloft")
            {
                return await SalesloftAsync(console, parse, reference ?? throw new UsageException("--provider salesloft needs --secret REF"), parse.GetValue(dryRun), cancellationToken).ConfigureAwait(false);
            }

            if (parse.GetValue(provider) is not "instantly")
            {
                throw new UsageException($"--provider must be instantly or salesloft, not '{parse.GetValue(provider)}'");
            }

            if (!DurationText.TryParse(parse.GetValue(grace), out var gracePeriod))
            {
                throw new UsageException($"--grace '{parse.GetValue(grace)}' is not a duration such as 10m, 1h or 0s");
            }

            var newScopes = NewScopes(parse.GetValue(scopes), parse.GetValue(presets) ?? []);
            using var rotations = RotationJournal.Open(parse.GetValue(journal) ?? KeywardConfig.Load(parse.GetValue(KeywardCli.ConfigOption)?.FullName).RotationJournal);
            var open = reference is null ? rotations.List(openOnly: true) : rotations.FindOpen(reference) is { } one ? [one] : [];
            if (parse.GetValue(resume) && open.Count == 0)
            {
                console.Line(reference is null ? "No unfinished rotation." : $"No unfinished rotation of {reference}.");
                return ExitCodes.Clean;
            }

            await using var session = await AdminSession.OpenAsync(parse, KeysCommand.AdminSecretOption, cancellationToken).ConfigureAwait(false);
            var rotator = new InstantlyKeyRotator(session.Keys, InstantlyConnection.BaseUrl(parse), rotations, session.Log, session.Actor);
            var progress = new StepProgress(console);
            if (open.Count == 0)
            {
                var plan = await rotator.PlanAsync(reference!, newScopes, gracePeriod, cancellationToken).ConfigureAwait(false);
                WarnIfBroad(console, plan);
                if (parse.GetValue(dryRun))
                {
                    PrintPlan(console, plan);
                    return ExitCodes.Clean;
                }

                Report(console, await rotator.RotateAsync(plan, progress, cancellationToken).ConfigureAwait(false));
                return ExitCodes.Clean;
            }

            foreach (var record in open)
            {
                if (parse.GetValue(dryRun))
                {
                    console.Line($"dry run: would resume rotation {record.Id} of {record.Secret} after step '{record.Step}'");
                    continue;
                }

                Report(console, await rotator.ResumeAsync(record, parse.GetValue(ignoreUsage), progress, cancellationToken).ConfigureAwait(false));
            }

            return ExitCodes.Clean;
        });
        return command;
    }

    private static ScopeSet? NewScopes(string? scopes, string[] presets)
    {
        if (scopes is not null && presets.Length > 0)
        {
            throw new UsageException("give the new key's scopes either with --scopes or with --preset, not both");
        }

        return scopes is not null ? InstantlyScopes.Vocabulary.ParseSet(scopes)
            : presets.Length > 0 ? ScopePlanner.Plan(presets.SelectMany(p => InstantlyPresets.Get(p).Operations)).ScopeSet
            : null;
    }

    private static void WarnIfBroad(CliConsole console, RotationRecord plan)
    {
        if (InstantlyScopes.Vocabulary.ParseSet(plan.Scopes).Any(s => s.IsAnyResource))
        {
            console.Error.WriteLine($"warning: the new key would get {plan.Scopes}, every permission; find what the integration needs with 'keyward scopes infer PATH' and pass --scopes or --preset");
        }
    }

    private static void PrintPlan(CliConsole console, RotationRecord plan)
    {
        console.Line($"dry run: rotation of {plan.Secret}");
        console.Line($"  1. create key '{plan.NewKeyName}' with scopes {plan.Scopes}");
        console.Line($"  2. store it at {plan.Secret} as pending, and test it");
        console.Line("  3. promote it to current (the old key becomes previous)");
        console.Line($"  4. after {DurationText.Format(plan.Grace)} of grace, revoke key {plan.OldKeyId} ({plan.OldKeyName}) if Instantly's audit log shows it unused");
    }

    private static void Report(CliConsole console, RotationRecord done) =>
        console.Line($"Rotated {done.Secret}: key {done.NewKeyId} ('{done.NewKeyName}') is current; the old key {done.OldKeyId} is revoked.");

    private static async Task<int> SalesloftAsync(CliConsole console, ParseResult parse, SecretReference reference, bool dryRun, CancellationToken cancellationToken)
    {
        var guide = new SalesloftGuidedRotation(SecretStores.Default(), SalesloftConnection.BaseUrl(parse));
        foreach (var line in SalesloftGuidedRotation.Instructions(reference))
        {
            console.Line(line);
        }

        if (dryRun)
        {
            return ExitCodes.Clean;
        }

        var entered = await console.Input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        await using var log = await AuditLogCommand.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
        var result = await guide.CompleteAsync(reference, new SecretValue(entered?.Trim() ?? string.Empty), log, $"{Environment.UserName} via keyward keys rotate", cancellationToken).ConfigureAwait(false);
        console.Line($"Verified the new key (it acts as {result.Name ?? result.Email ?? $"user {result.Id}"}) and made it current at {reference}.");
        console.Line("Now revoke the old key in Salesloft (Settings > API > your app's keys); keyward cannot do it for you.");
        return ExitCodes.Clean;
    }
}
