using System.CommandLine;
using Keyward.Audit;
using Keyward.Cli.Configuration;
using Keyward.Cli.Views;
using Keyward.Core;
using Keyward.Core.Auditing;
using Keyward.Core.Secrets;
using Keyward.Posture;
using Keyward.Providers.Instantly;
using Keyward.Providers.Instantly.Client;
using Keyward.Providers.Instantly.Planning;
using Keyward.Providers.Salesloft;
using Keyward.Sandbox;
using Keyward.Secrets;
using Microsoft.Extensions.DependencyInjection;

namespace Keyward.Cli.Commands;

/// <summary><c>keyward check</c>: the security checklist against a repository and a live workspace (or the risky
/// sandbox), with evidence and the fix for each failure.</summary>
internal static class CheckCommand
{
    private const string CheckKeyName = "keyward-check (posture-audit, read-only)";

    public static Command Create(CliConsole console)
    {
        var path = new Argument<string>("path") { Description = "The repository or directory to check", DefaultValueFactory = _ => "." };
        var sandbox = new Option<bool>("--sandbox") { Description = "Check a local sandbox workspace seeded with an unsafe setup, with no account needed" };
        var git = new Option<bool>("--git") { Description = "Also scan the whole git history for keys (KW001)" };
        var workspace = new Option<string?>("--workspace") { Description = "A workspace of keyward.yaml: its key and environment", HelpName = "NAME" };
        var environment = new Option<string?>("--env") { Description = "The workspace's environment: dev, staging or production (default: the workspace's, else production)" };
        environment.AcceptOnlyFromAmong("dev", "staging", "production");
        var adminSecret = new Option<string?>("--admin-secret")
        {
            Description = "Secret reference of a key with the posture-audit preset's read scopes (default: env:INSTANTLY_API_KEY when set)",
            HelpName = "REF",
        };
        var failOn = new Option<Severity>("--fail-on") { Description = "Exit 1 when a check of this severity or worse fails", DefaultValueFactory = _ => Severity.Low };
        var format = new Option<string>("--format") { Description = "Output format", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong(PostureView.Formats);
        var output = new Option<FileInfo?>("--output") { Description = "Write the report to FILE instead of stdout", HelpName = "FILE" };
        var command = new Command("check", "Evaluate the security checklist against a repository and a workspace, with evidence and fixes")
        {
            path, sandbox, git, workspace, environment, adminSecret, failOn, format, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var config = KeywardConfig.Load(parse.GetValue(KeywardCli.ConfigOption)?.FullName);
            var configured = parse.GetValue(workspace) is { } name ? config.Workspace(name) : null;
            var request = new CheckRequest(
                Path.GetFullPath(parse.GetValue(path)!),
                parse.GetValue(git),
                parse.GetValue(environment) ?? configured?.Environment ?? "production",
                config);
            if (!Directory.Exists(request.Path))
            {
                throw new UsageException($"'{parse.GetValue(path)}' is not a directory; give the repository to check");
            }

            PostureReport report;
            if (parse.GetValue(sandbox))
            {
                report = await CheckSandboxAsync(console, request, cancellationToken).ConfigureAwait(false);
            }
            else if (configured?.Provider == "salesloft")
            {
                await using var log = await AuditLogCommand.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
                report = await CheckSalesloftAsync(request, configured, SalesloftConnection.BaseUrl(parse), log, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var key = configured is not null
                    ? configured.ApiKey?.Raw ?? throw new UsageException($"workspaces.{configured.Name}.api-key must be a secret reference such as env:INSTANTLY_API_KEY")
                    : parse.GetValue(adminSecret) ?? (Environment.GetEnvironmentVariable("INSTANTLY_API_KEY") is { Length: > 0 } ? "env:INSTANTLY_API_KEY" : null);
                await using var log = await AuditLogCommand.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
                report = await CheckAsync(request, key, InstantlyConnection.BaseUrl(parse), log, configured?.Name, cancellationToken).ConfigureAwait(false);
            }

            await PostureView.WriteAsync(console, report, parse.GetValue(format)!, parse.GetValue(output), config.Policy, cancellationToken).ConfigureAwait(false);
            return report.FailsAt(parse.GetValue(failOn)) ? ExitCodes.Findings : ExitCodes.Clean;
        });
        return command;
    }

    private static async Task<PostureReport> CheckAsync(CheckRequest request, string? keyReference, Uri baseUrl, AuditLog log, string? workspaceName, CancellationToken cancellationToken)
    {
        var stores = SecretStores.Default();
        WorkspaceSnapshot? snapshot = null;
        if (keyReference is not null)
        {
            await using var host = InstantlyClientHost.Create(o => (o.BaseAddress, o.ApiKey) = (baseUrl, keyReference), stores, log);
            snapshot = await WorkspaceSnapshot.CollectAsync(host.Client, AuditWindowStart(request.Config.Policy), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var context = request.Context(
            log,
            stores,
            "no workspace was checked: give --admin-secret REF or --workspace NAME (a key with the posture-audit preset), set INSTANTLY_API_KEY, or try keyward check --sandbox",
            snapshot);
        var target = snapshot is null ? $"repository {request.Path}"
            : $"repository {request.Path} and workspace {snapshot.Workspace.Value?.Name ?? workspaceName ?? baseUrl.Host} ({request.Environment})";
        return await PostureChecks.RunAsync(context, target, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks a Salesloft team: the repository and configuration checks as for Instantly, the webhook
    /// subscriptions, and the local audit log; Salesloft's API has nothing for the key, member and block-list checks.</summary>
    private static async Task<PostureReport> CheckSalesloftAsync(CheckRequest request, ConfiguredWorkspace workspace, Uri baseUrl, AuditLog log, CancellationToken cancellationToken)
    {
        var key = workspace.ApiKey ?? throw new UsageException($"workspaces.{workspace.Name}.api-key must be a secret reference such as env:SALESLOFT_API_KEY");
        var stores = SecretStores.Default();
        var services = new ServiceCollection();
        services.AddSingleton<IAuditSink>(log);
        services.AddSingleton<ISecretResolver>(stores);
        services.AddSingleton(TimeProvider.System);
        services.AddSalesloft(o => (o.BaseAddress, o.ApiKey, o.Actor) = (baseUrl, key.Raw, $"keyward check via {key}"));
        await using var provider = services.BuildServiceProvider();
        var snapshot = await SalesloftSnapshot.CollectAsync(provider.GetRequiredService<SalesloftClient>(), cancellationToken).ConfigureAwait(false);
        var context = request.Context(
            log,
            stores,
            "Salesloft's API does not list API keys (their scopes and age), members or a block list; review keys in Salesloft under Your Applications > API Keys",
            salesloft: snapshot);
        return await PostureChecks.RunAsync(context, $"repository {request.Path} and Salesloft workspace {workspace.Name} ({request.Environment})", cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a sandbox with the risky seed, makes a read-only posture-audit key in it as a real setup would,
    /// and checks the sandbox with that key. Nothing is written outside a temporary directory.</summary>
    private static async Task<PostureReport> CheckSandboxAsync(CliConsole console, CheckRequest request, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("keyward-check-");
        var variable = $"KEYWARD_CHECK_SANDBOX_KEY_{Guid.NewGuid():N}";
        try
        {
            await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Seed = SandboxSeed.Risky }, cancellationToken).ConfigureAwait(false);
            await console.Error.WriteLineAsync($"keyward check: started a sandbox workspace with an unsafe setup at {sandbox.BaseUrl} (it stops when the check ends)").ConfigureAwait(false);
            await using var log = await AuditLog.OpenAsync(new AuditLogOptions { Store = $"sqlite:{Path.Combine(directory.FullName, "audit.db")}" }, cancellationToken).ConfigureAwait(false);
            Environment.SetEnvironmentVariable(variable, sandbox.AdminKey.Reveal());
            await using (var admin = InstantlyClientHost.Create(o => (o.BaseAddress, o.ApiKey) = (sandbox.BaseUrl, $"env:{variable}"), SecretStores.Default(), log))
            {
                var scopes = ScopePlanner.Plan(InstantlyPresets.Get("posture-audit").Operations).ScopeSet;
                var created = await admin.Client.CreateApiKeyAsync(CheckKeyName, scopes, cancellationToken).ConfigureAwait(false);
                Environment.SetEnvironmentVariable(variable, created.Key.Reveal());
            }

            return await CheckAsync(request, $"env:{variable}", sandbox.BaseUrl, log, "sandbox", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
            directory.Delete(recursive: true);
        }
    }

    /// <summary>How far back Instantly's audit log is read: enough for the unused-key check, and at least 30 days.</summary>
    private static DateTimeOffset AuditWindowStart(PosturePolicy policy) =>
        TimeProvider.System.GetUtcNow() - TimeSpan.FromDays(Math.Max(30, policy.UnusedAfter.TotalDays));

    private sealed record CheckRequest(string Path, bool History, string Environment, KeywardConfig Config)
    {
        /// <summary>What the checks look at: this repository and configuration, and the workspace read, if any.</summary>
        public PostureContext Context(AuditLog log, ISecretResolver secrets, string noWorkspaceReason, WorkspaceSnapshot? instantly = null, SalesloftSnapshot? salesloft = null) => new()
        {
            RepositoryPath = Path,
            ScanHistory = History,
            Environment = Environment,
            Policy = Config.Policy,
            Workspaces = Config.Workspaces,
            Workspace = instantly,
            Salesloft = salesloft,
            NoWorkspaceReason = noWorkspaceReason,
            AuditLog = log,
            Secrets = secrets,
        };
    }
}
