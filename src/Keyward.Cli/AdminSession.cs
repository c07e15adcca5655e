using System.CommandLine;
using Keyward.Audit;
using Keyward.Posture.Admin;
using Keyward.Providers.Instantly.Client;
using Keyward.Rotation;
using Keyward.Secrets;
using Keyward.Webhooks.Management;

namespace Keyward.Cli;

/// <summary>What a workspace-management command (keys, webhooks, members, blocklist) needs for one run: the client holding the admin key
/// of its <c>--admin-secret</c> option, the audit log every change is written to, and the actor it is written as.</summary>
internal sealed class AdminSession : IAsyncDisposable
{
    private readonly InstantlyClientHost _connection;
    private readonly HttpClient _probe = WebhookHttpClients.Create(TimeSpan.FromSeconds(10));

    private AdminSession(AuditLog log, InstantlyClientHost connection, string actor)
    {
        Log = log;
        _connection = connection;
        Actor = actor;
        Keys = new InstantlyKeyManager(connection.Client, SecretStores.Default(), log, actor);
        Webhooks = new InstantlyWebhookManager(connection.Client, SecretStores.Default(), log, actor, probe: _probe);
        Members = new WorkspaceMembersManager(connection.Client, log, actor);
        BlockList = new BlockListManager(connection.Client, log, actor);
    }

    public InstantlyKeyManager Keys { get; }

    public InstantlyWebhookManager Webhooks { get; }

    public WorkspaceMembersManager Members { get; }

    public BlockListManager BlockList { get; }

    public AuditLog Log { get; }

    public string Actor { get; }

    public static async Task<AdminSession> OpenAsync(ParseResult parse, Option<string> adminSecret, CancellationToken cancellationToken)
    {
        // Checked before anything is opened or recorded: a key pasted in place of its reference is never echoed,
        // and never becomes part of the actor the audit log records.
        var admin = parse.GetValue(adminSecret)!;
        if (!Core.Secrets.SecretReference.TryParse(admin, out _))
        {
            throw new UsageException($"{adminSecret.Name} takes a secret reference such as env:INSTANTLY_API_KEY, never the key itself");
        }

        var log = await Commands.AuditLogCommand.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
        try
        {
            return new AdminSession(log, InstantlyConnection.Connect(parse, admin, log), $"{Environment.UserName} via {admin}");
        }
        catch
        {
            await log.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _probe.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
        await Log.DisposeAsync().ConfigureAwait(false);
    }
}
