using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Keyward.Cli.Configuration;
using Keyward.Core.Secrets;
using Keyward.Core.Serialization;
using Keyward.Core.Text;
using Keyward.Providers.Instantly.Client.Models;
using Keyward.Secrets;
using Keyward.Webhooks.Dispatch;
using Keyward.Webhooks.Inbox;
using Keyward.Webhooks.Management;
using Keyward.Webhooks.Receiver;
using Keyward.Webhooks.Verification;

namespace Keyward.Cli.Commands;

/// <summary><c>keyward webhooks</c>: run the receiver configured in keyward.yaml, and look into its inbox.</summary>
internal static class WebhooksCommand
{
    // Only on the commands that use them, so the others' help does not offer them.
    private static readonly Option<string?> InboxOption = new("--inbox")
    {
        Description = $"The inbox: sqlite:PATH or postgres:CONNECTION STRING (default: KEYWARD_WEBHOOK_INBOX, else webhooks.inbox in keyward.yaml, else {WebhookInboxes.DefaultLocation})",
        Recursive = true,
        HelpName = "REF",
    };

    private static readonly Option<string> AdminSecretOption = InstantlyConnection.AdminSecretOption("webhooks scopes", recursive: false);

    public static Command Create(CliConsole console)
    {
        var command = new Command("webhooks", "Receive webhooks safely: verify, store durably, acknowledge, deduplicate, dispatch with retries");
        command.Subcommands.Add(Serve(console));
        command.Subcommands.Add(InboxCommands(console));
        command.Subcommands.Add(CreateWebhooks(console));
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Resume(console));
        command.Subcommands.Add(RotateSecret(console));
        return command;
    }

    private static Command CreateWebhooks(CliConsole console)
    {
        var url = new Option<string>("--url") { Description = "Where Instantly delivers (https; your receiver's endpoint URL)", Required = true, HelpName = "URL" };
        var events = new Option<string[]>("--events") { Description = "Event types, such as reply_received lead_interested (or all_events)", Required = true, AllowMultipleArgumentsPerToken = true };
        var secret = new Option<string>("--secret")
        {
            Description = "The secret the webhooks send (generated and stored there when it holds none): the receiver's verify.secret",
            DefaultValueFactory = _ => "vault-file:.keyward/secrets.kwv#INSTANTLY_WEBHOOK_SECRET",
            HelpName = "REF",
        };
        var header = new Option<string>("--header") { Description = "The header the secret travels in", DefaultValueFactory = _ => InstantlyWebhookManager.DefaultHeader };
        var insecure = new Option<bool>("--allow-insecure") { Description = "Accept a plain-http target that is not loopback (payloads and the secret travel in clear)" };
        var command = new Command("create", "Create Instantly webhooks with a strong secret header, kept in a secret store") { url, events, secret, header, insecure, AdminSecretOption };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var target))
            {
                throw new UsageException($"--url '{parse.GetValue(url)}' is not an absolute URL such as https://hooks.example.com/webhooks/instantly");
            }

            // Printed only as ToString(), which masks a connection string's password.
            var reference = SecretReference.TryParse(parse.GetValue(secret), out var parsed) ? parsed
                : throw new UsageException("--secret must be a secret reference such as vault-file:.keyward/secrets.kwv#INSTANTLY_WEBHOOK_SECRET (value not shown)");
            await using var session = await AdminSession.OpenAsync(parse, AdminSecretOption, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<Webhook> created;
            try
            {
                created = await session.Webhooks.CreateAsync(
                    target, parse.GetValue(events)!, reference, parse.GetValue(header)!, parse.GetValue(insecure), cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                throw UsageException.From(e);
            }

            if (parse.GetValue(KeywardCli.JsonOption))
            {
                console.Json(new JsonObject
                {
                    ["created"] = new JsonArray([.. created.Select(WebhookJson)]),
                    ["secret"] = reference.ToString(),
                    ["header"] = parse.GetValue(header),
                });
                return ExitCodes.Clean;
            }

            foreach (var webhook in created)
            {
                console.Line($"created webhook {webhook.Id} ({webhook.EventType}) -> {UrlText.Redact(webhook.TargetHookUrl)}");
            }

            console.Line($"The secret is at {reference}; configure the receiver with verify: {{ scheme: header-secret, header: {parse.GetValue(header)}, secret: {reference} }}");
            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command List(CliConsole console)
    {
        var command = new Command("list", "List Instantly webhooks; flag the disabled, the unauthenticated and the plain-http ones (exit 1 if any)") { AdminSecretOption };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await AdminSession.OpenAsync(parse, AdminSecretOption, cancellationToken).ConfigureAwait(false);
            var reports = await session.Webhooks.ListAsync(cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(KeywardCli.JsonOption))
            {
                console.Json(new JsonArray([.. reports.Select(r =>
                {
                    var item = WebhookJson(r.Webhook);
                    item["findings"] = JsonTree.Strings(r.Findings.Select(Finding));
                    return item;
                })]));
            }
            else
            {
                var table = console.Table("ID", "EVENT", "TARGET", "HEADERS", "FINDINGS");
                foreach (var r in reports)
                {
                    table.AddTextRow(r.Webhook.Id, r.Webhook.EventType ?? "?", UrlText.Redact(r.Webhook.TargetHookUrl), string.Join(' ', r.Webhook.Headers?.Keys ?? []), string.Join(", ", r.Findings.Select(Finding)));
                }

                console.Write(table);
                console.Line($"{reports.Count} webhooks, {reports.Count(r => r.Findings.Count > 0)} with findings.");
            }

            return reports.Any(r => r.Findings.Count > 0) ? ExitCodes.Findings : ExitCodes.Clean;
        });
        return command;
    }

    private static Command Resume(CliConsole console)
    {
        var id = new Argument<string>("id") { Description = "The webhook's id (webhooks list)" };
        var command = new Command("resume", "Re-enable a webhook Instantly disabled after failed deliveries") { id, AdminSecretOption };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await AdminSession.OpenAsync(parse, AdminSecretOption, cancellationToken).ConfigureAwait(false);
            var webhookId = parse.GetValue(id)!;
            var webhook = await InstantlyConnection.ByIdAsync(() => session.Webhooks.ResumeAsync(webhookId, cancellationToken), "webhook", webhookId, "keyward webhooks list").ConfigureAwait(false);
            if (parse.GetValue(KeywardCli.JsonOption))
            {
                console.Json(WebhookJson(webhook));
                return ExitCodes.Clean;
            }

            console.Line($"resumed webhook {webhook.Id} -> {UrlText.Redact(webhook.TargetHookUrl)}");
            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command RotateSecret(CliConsole console)
    {
        var secret = new Option<string>("--secret")
        {
            Description = "The secret the webhooks send and the receivers verify (their verify.secret)",
            DefaultValueFactory = _ => "vault-file:.keyward/secrets.kwv#INSTANTLY_WEBHOOK_SECRET",
            HelpName = "REF",
        };
        var header = new Option<string>("--header") { Description = "The header the secret travels in", DefaultValueFactory = _ => InstantlyWebhookManager.DefaultHeader };
        var grace = new Option<string>("--grace") { Description = "How long the old secret stays accepted after the switch, for deliveries being retried", DefaultValueFactory = _ => DurationText.Format(WebhookSecretRotationOptions.DefaultGrace), HelpName = "DURATION" };
        var probeTimeout = new Option<string>("--probe-timeout") { Description = "How long to wait for the receivers to accept the new secret", DefaultValueFactory = _ => "2m", HelpName = "DURATION" };
        var probeSettle = new Option<string>("--probe-settle") { Description = "How long each target must accept every probe before its webhooks switch (reaches every receiver behind a load balancer; 0s for a single receiver)", DefaultValueFactory = _ => "20s", HelpName = "DURATION" };
        var noProbe = new Option<bool>("--no-probe") { Description = "Do not wait for the receivers to accept the new secret (for receivers that are not keyward's)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "List the webhooks that would switch; change nothing" };
        var command = new Command("rotate-secret", "Rotate the secret Instantly webhooks send, with no delivery rejected; resumable")
        {
            secret, header, grace, probeTimeout, probeSettle, noProbe, dryRun, AdminSecretOption,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new WebhookSecretRotationOptions
            {
                Header = parse.GetValue(header)!,
                Grace = Duration(parse.GetValue(grace), "--grace"),
                ProbeTimeout = Duration(parse.GetValue(probeTimeout), "--probe-timeout"),
                ProbeSettle = Duration(parse.GetValue(probeSettle), "--probe-settle"),
                Probe = !parse.GetValue(noProbe),
                DryRun = parse.GetValue(dryRun),
            };
            await using var session = await AdminSession.OpenAsync(parse, AdminSecretOption, cancellationToken).ConfigureAwait(false);
            var json = parse.GetValue(KeywardCli.JsonOption);
            var progress = new StepProgress(console, toStderr: json);
            var rotation = await session.Webhooks.RotateSecretAsync(SecretReference.Parse(parse.GetValue(secret)!), options, progress, cancellationToken).ConfigureAwait(false);
            if (json)
            {
                console.Json(new JsonObject
                {
                    ["secret"] = rotation.Secret.ToString(),
                    ["dryRun"] = rotation.DryRun,
                    ["resumed"] = rotation.Resumed,
                    ["webhooks"] = new JsonArray([.. rotation.Webhooks.Select(WebhookJson)]),
                });
                return ExitCodes.Clean;
            }

            foreach (var webhook in rotation.Webhooks)
            {
                console.Line($"{(rotation.DryRun ? "would switch" : "switched")} webhook {webhook.Id} ({webhook.EventType}) -> {UrlText.Redact(webhook.TargetHookUrl)}");
            }

            console.Line(rotation.DryRun
                ? $"Dry run: {rotation.Webhooks.Count} webhooks send {rotation.Secret}{(rotation.Resumed ? "; a pending secret from an interrupted run would be taken up" : string.Empty)}. Nothing changed."
                : $"Rotated {rotation.Secret}: {rotation.Webhooks.Count} webhooks send the new secret.");
            return ExitCodes.Clean;
        });
        return command;
    }

    /// <summary>A webhook as every <c>--json</c> output of these commands shows it: its target redacted, its header
    /// names without their values.</summary>
    private static JsonObject WebhookJson(Webhook webhook) => new JsonObject
    {
        ["id"] = webhook.Id,
        ["name"] = webhook.Name,
        ["targetHookUrl"] = UrlText.Redact(webhook.TargetHookUrl),
        ["eventType"] = webhook.EventType,
        ["status"] = webhook.Status,
        ["headers"] = JsonTree.Strings(webhook.Headers?.Keys ?? []),
    }.WithoutNulls();

    private static TimeSpan Duration(string? text, string option) =>
        DurationText.TryParse(text, out var duration) && duration >= TimeSpan.Zero
            ? duration
            : throw new UsageException($"{option} '{text}' is not a duration such as 30s, 5m or 0s");

    private static string Finding(WebhookFinding finding) => finding switch
    {
        WebhookFinding.Disabled => "disabled (resume it once the receiver works)",
        WebhookFinding.Unauthenticated => "unauthenticated (no secret header)",
        WebhookFinding.PlainHttp => "plain http",
        _ => finding.ToString(),
    };

    private static Command Serve(CliConsole console)
    {
        var port = new Option<int>("--port") { Description = "Port to listen on (0: a free one)", DefaultValueFactory = _ => 8787, HelpName = "N" }.InRange(0, 65535);
        var address = new Option<string>("--address") { Description = "Address to listen on; put TLS in front with a reverse proxy", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new Command("serve", "Run the receiver of the webhooks: section of keyward.yaml until stopped") { port, address, InboxOption };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var config = Config(parse);
            if (config.Webhooks.Count == 0)
            {
                throw new UsageException($"no webhooks are configured: add a webhooks: section to {config.Source ?? "keyward.yaml"} (docs/webhooks.md shows one)");
            }

            if (!IPAddress.TryParse(parse.GetValue(address), out var listen))
            {
                throw new UsageException($"--address '{parse.GetValue(address)}' is not an IP address");
            }

            var stores = SecretStores.Default();
            var endpoints = new List<WebhookEndpoint>();
            var handlers = new Dictionary<string, IWebhookHandler>(StringComparer.Ordinal);
            using var http = WebhookHttpClients.Create(TimeSpan.FromSeconds(30));
            foreach (var settings in config.Webhooks)
            {
                endpoints.Add(await EndpointAsync(settings, stores, cancellationToken).ConfigureAwait(false));
                if (settings.Handler is { } handler)
                {
                    var forwardSecret = settings.ForwardSecret is { } reference
                        ? await stores.ResolveAsync(SecretReference.Parse(reference), cancellationToken).ConfigureAwait(false)
                        : null;
                    handlers[settings.Name] = WebhookHandlers.Parse(handler, console.Output, http, forwardSecret);
                    try
                    {
                        (handlers[settings.Name] as JsonlFileHandler)?.CheckWritable();
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        throw new UsageException($"webhooks.{settings.Name}.handler: {handler} cannot be written ({e.Message}); every event would be retried and then dead-lettered");
                    }
                }
                else if (settings.ForwardSecret is not null)
                {
                    throw new UsageException($"webhooks.{settings.Name}.forward-secret signs forwards, and the endpoint has no handler");
                }
            }

            await using var audit = await AuditLogCommand.OpenAsync(parse, cancellationToken).ConfigureAwait(false);
            await using var server = await WebhookServer.StartAsync(
                new WebhookServerOptions
                {
                    Address = listen,
                    Port = parse.GetValue(port),
                    Endpoints = endpoints,
                    Inbox = OpenInbox(parse, config),
                    Handlers = handlers,
                    Audit = audit,
                    Log = console.Error,
                    Dispatch = new WebhookDispatcherOptions { Lease = config.WebhookLease ?? WebhookDispatcherOptions.DefaultLease, KeepDelivered = config.WebhookRetention },
                    SecretRefreshInterval = config.WebhookSecretRefresh ?? WebhookSecretRefresher.DefaultInterval,
                },
                cancellationToken).ConfigureAwait(false);
            foreach (var endpoint in endpoints)
            {
                await console.Error.WriteLineAsync($"keyward webhooks: {endpoint.Name} ({endpoint.Verifier.Scheme}) on {new Uri(server.BaseUrl, endpoint.Path)}").ConfigureAwait(false);
            }

            await server.WaitAsync(cancellationToken).ConfigureAwait(false);
            await console.Error.WriteLineAsync("keyward webhooks: stopped").ConfigureAwait(false);
            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command InboxCommands(CliConsole console)
    {
        var command = new Command("inbox", "Stored events: list them, replay one, see the dead letters") { InboxOption };
        var limit = new Option<int>("--limit") { Description = "The most events to show", DefaultValueFactory = _ => 50, HelpName = "N" }.InRange(1);
        var list = new Command("list", "List stored events, newest first (never their payloads)") { limit };
        list.SetAction((parse, cancellationToken) => ListAsync(console, parse, null, parse.GetValue(limit), cancellationToken));
        var dead = new Command("dead-letters", "List events that failed every delivery attempt") { limit };
        dead.SetAction((parse, cancellationToken) => ListAsync(console, parse, InboxState.DeadLettered, parse.GetValue(limit), cancellationToken));
        var id = new Argument<long?>("id") { Description = "The event's id (webhooks inbox list)", Arity = ArgumentArity.ZeroOrOne };
        var allDead = new Option<bool>("--dead-letters") { Description = "Replay every dead-lettered event (after an outage of the handler's target)" };
        var replay = new Command("replay", "Deliver an event again: it becomes pending and due now, with every attempt again") { id, allDead };
        replay.SetAction(async (parse, cancellationToken) =>
        {
            var one = parse.GetValue(id);
            if (one.HasValue == parse.GetValue(allDead))
            {
                throw new UsageException("give either an event id or --dead-letters");
            }

            await using var inbox = OpenExistingInbox(parse, Config(parse));
            if (one is null)
            {
                var count = await DeadLetters.ReplayAllAsync(inbox, cancellationToken).ConfigureAwait(false);
                console.Line($"{count} dead-lettered event(s) are pending again; a running receiver delivers them next");
                return ExitCodes.Clean;
            }

            if (!await inbox.ReplayAsync(one.Value, cancellationToken).ConfigureAwait(false))
            {
                throw new UsageException($"there is no event {one} in the inbox");
            }

            console.Line($"event {one} is pending again; a running receiver delivers it next");
            return ExitCodes.Clean;
        });
        command.Subcommands.Add(list);
        command.Subcommands.Add(dead);
        command.Subcommands.Add(replay);
        command.Subcommands.Add(PruneCommand(console));
        return command;
    }

    private static Command PruneCommand(CliConsole console)
    {
        var olderThan = new Option<string?>("--older-than")
        {
            Description = $"Delete delivered events received longer ago than this, at least {DurationText.Format(WebhookDispatcherOptions.MinimumKeepDelivered)} (default: webhooks.retention, 30d)",
            HelpName = "DURATION",
        };
        var prune = new Command("prune", "Delete delivered events older than the retention period now (a running receiver does it every hour)") { olderThan };
        prune.SetAction(async (parse, cancellationToken) =>
        {
            var config = Config(parse);
            var keep = parse.GetValue(olderThan) is not { } text ? config.WebhookRetention ?? throw new UsageException("webhooks.retention is forever, so nothing is due; give --older-than 30d to prune anyway")
                : DurationText.TryParse(text, out var window) && window >= WebhookDispatcherOptions.MinimumKeepDelivered ? window
                : throw new UsageException($"--older-than '{text}' must be a duration of at least {DurationText.Format(WebhookDispatcherOptions.MinimumKeepDelivered)} such as 30d: a deleted event's key is forgotten, so a sender's retry could be handled twice");
            var before = TimeProvider.System.GetUtcNow() - keep;
            await using var inbox = OpenExistingInbox(parse, config);
            var pruned = await inbox.PruneDeliveredAsync(before, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(KeywardCli.JsonOption))
            {
                console.Json(new JsonObject { ["pruned"] = pruned, ["receivedBefore"] = before });
            }
            else
            {
                console.Line($"deleted {pruned} delivered event(s) received before {before.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}; pending and dead-lettered events are kept");
            }

            return ExitCodes.Clean;
        });
        return prune;
    }

    private static async Task<int> ListAsync(CliConsole console, ParseResult parse, InboxState? state, int limit, CancellationToken cancellationToken)
    {
        await using var inbox = OpenExistingInbox(parse, Config(parse));
        var events = await inbox.ListAsync(state, limit, cancellationToken).ConfigureAwait(false);
        if (parse.GetValue(KeywardCli.JsonOption))
        {
            console.Json(new JsonArray([.. events.Select(e => new JsonObject
            {
                ["id"] = e.Id,
                ["source"] = e.Entry.Source,
                ["eventType"] = e.Entry.EventType,
                ["idempotencyKey"] = e.Entry.IdempotencyKey,
                ["receivedAt"] = e.Entry.ReceivedAt,
                ["state"] = KeywardJson.EnumValue(e.State),
                ["attempts"] = e.Attempts,
                ["nextAttemptAt"] = e.NextAttemptAt,
                ["lastError"] = e.LastError,
            }.WithoutNulls())]));
            return ExitCodes.Clean;
        }

        var table = console.Table("ID", "SOURCE", "EVENT", "RECEIVED", "STATE", "ATTEMPTS", "LAST ERROR");
        foreach (var e in events)
        {
            table.AddTextRow(
                e.Id.ToString(CultureInfo.InvariantCulture),
                e.Entry.Source,
                e.Entry.EventType,
                e.Entry.ReceivedAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture),
                KeywardJson.EnumValue(e.State),
                e.Attempts.ToString(CultureInfo.InvariantCulture),
                e.LastError ?? string.Empty);
        }

        console.Write(table);
        console.Line($"{events.Count} events.");
        return ExitCodes.Clean;
    }

    private static KeywardConfig Config(ParseResult parse) => KeywardConfig.Load(parse.GetValue(KeywardCli.ConfigOption)?.FullName);

    private static string InboxOf(ParseResult parse, KeywardConfig config) => parse.GetValue(InboxOption) ?? config.WebhookInbox ?? WebhookInboxes.DefaultLocation;

    private static IWebhookInbox OpenInbox(ParseResult parse, KeywardConfig config, bool existing = false)
    {
        var location = InboxOf(parse, config);
        try
        {
            return existing ? WebhookInboxes.OpenExisting(location) : WebhookInboxes.Open(location);
        }
        catch (ArgumentException e)
        {
            throw UsageException.From(e, "the webhook inbox (--inbox, KEYWARD_WEBHOOK_INBOX or webhooks.inbox)");
        }
    }

    private static IWebhookInbox OpenExistingInbox(ParseResult parse, KeywardConfig config) => OpenInbox(parse, config, existing: true);

    private static async Task<WebhookEndpoint> EndpointAsync(WebhookSettings settings, SecretStores stores, CancellationToken cancellationToken)
    {
        if (settings.Secrets.Count == 0)
        {
            throw new UsageException($"webhooks.{settings.Name}.verify needs a secret (or secrets) by reference; an unauthenticated webhook is refused");
        }

        IWebhookVerifier verifier;
        try
        {
            verifier = await StoredSecretsVerifier.CreateAsync(
                new WebhookVerifyOptions { Scheme = settings.Scheme, Header = settings.Header, Username = settings.Username, Tolerance = settings.Tolerance ?? WebhookVerifyConstants.DefaultTolerance },
                [.. settings.Secrets.Select(SecretReference.Parse)],
                stores,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw UsageException.From(e, $"webhooks.{settings.Name}.verify");
        }

        var vendor = settings.Vendor switch
        {
            "instantly" => WebhookVendor.Instantly,
            "salesloft" => WebhookVendor.Salesloft,
            "generic" => WebhookVendor.Generic,
            _ => throw new UsageException($"webhooks.{settings.Name}.vendor must be instantly, salesloft or generic, not '{settings.Vendor}'"),
        };
        var allow = new List<IPNetwork>();
        foreach (var range in settings.Allow)
        {
            allow.Add(IPNetwork.TryParse(range, out var network) ? network : throw new UsageException($"webhooks.{settings.Name}.allow: '{range}' is not a CIDR range such as 10.0.0.0/8"));
        }

        return new WebhookEndpoint(settings.Name, settings.Path, verifier, vendor)
        {
            MaxBodyBytes = settings.MaxBodyBytes ?? WebhookEndpoint.DefaultMaxBodyBytes,
            AllowedNetworks = allow,
        };
    }
}
