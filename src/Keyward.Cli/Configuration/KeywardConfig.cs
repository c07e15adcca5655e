using Keyward.Core.Secrets;
using Keyward.Core.Text;
using Keyward.Posture;
using Keyward.Webhooks.Dispatch;
using Keyward.Webhooks.Verification;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Keyward.Cli.Configuration;

/// <summary>Settings from <c>keyward.yaml</c>, overridden by <c>KEYWARD_</c> environment variables, for the commands
/// that have no explicit flag. It holds secret references, never secret values.</summary>
/// <remarks>
/// Precedence for every setting: the command-line flag, then the environment (<c>KEYWARD_AUDIT_STORE</c>,
/// <c>KEYWARD_ROTATION_JOURNAL</c>), then the file (<c>--config FILE</c>, else <c>keyward.yaml</c> in the current directory
/// when it exists), then the built-in default. Sections the running version does not know are left alone, so one
/// file serves tools of several versions. docs/configuration.md lists the settings.
/// </remarks>
internal sealed class KeywardConfig
{
    /// <summary>The file looked for in the current directory when <c>--config</c> is not given.</summary>
    public const string DefaultFile = "keyward.yaml";

    /// <summary>What a webhook's <c>verify:</c> mapping may hold.</summary>
    private static readonly string[] VerifySettings = ["scheme", "header", "secret", "secrets", "username", "tolerance"];

    private KeywardConfig(string? source, string? auditStore, string? auditKey, string? rotationJournal, string? webhookInbox, TimeSpan? webhookLease, TimeSpan? webhookSecretRefresh, IReadOnlyList<WebhookSettings> webhooks)
    {
        WebhookSecretRefresh = webhookSecretRefresh;
        Source = source;
        AuditStore = auditStore;
        AuditKey = auditKey;
        RotationJournal = rotationJournal;
        WebhookInbox = webhookInbox;
        WebhookLease = webhookLease;
        Webhooks = webhooks;
    }

    /// <summary>Gets the file the settings came from, or null when there is none.</summary>
    public string? Source { get; }

    /// <summary>Gets <c>audit.store</c>: <c>sqlite:PATH</c> or <c>postgres:CONNECTION STRING</c>.</summary>
    public string? AuditStore { get; }

    /// <summary>Gets <c>audit.key</c>: the secret reference of the audit log's HMAC key.</summary>
    public string? AuditKey { get; }

    /// <summary>Gets <c>rotation.journal</c>: a SQLite path or <c>postgres:CONNECTION STRING</c>.</summary>
    public string? RotationJournal { get; }

    /// <summary>Gets <c>webhooks.inbox</c>: a SQLite path or <c>postgres:CONNECTION STRING</c>.</summary>
    public string? WebhookInbox { get; }

    /// <summary>Gets <c>webhooks.lease</c>: how long a dispatcher's claim holds, or null for the default (5 minutes).</summary>
    /// <remarks>A receiver killed mid-batch leaves its claimed events to the next dispatcher only when the lease
    /// ends, so this bounds how late a crash makes them; it must stay well above the time one batch takes.</remarks>
    public TimeSpan? WebhookLease { get; }

    /// <summary>Gets <c>webhooks.secret-refresh</c>: how often a receiver reloads its secrets, or null for the default
    /// (10 seconds). A secret rotation waits about this long for every receiver to accept the new secret.</summary>
    public TimeSpan? WebhookSecretRefresh { get; }

    /// <summary>Gets <c>webhooks.retention</c>: how long delivered events are kept, 30 days when not set, or null for
    /// <c>forever</c>.</summary>
    public TimeSpan? WebhookRetention { get; private init; } = WebhookDispatcherOptions.DefaultKeepDelivered;

    /// <summary>Gets the <c>workspaces:</c> section: each workspace's provider, key reference and environment.</summary>
    public IReadOnlyList<ConfiguredWorkspace> Workspaces { get; private init; } = [];

    /// <summary>Gets the <c>policy:</c> section, with defaults for whatever it does not set.</summary>
    public PosturePolicy Policy { get; private init; } = new();

    /// <summary>Gets the endpoints of the <c>webhooks:</c> section.</summary>
    public IReadOnlyList<WebhookSettings> Webhooks { get; }

    /// <summary>Loads the settings.</summary>
    /// <param name="path">The <c>--config</c> file, or null to use <c>keyward.yaml</c> when present.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="InvalidDataException">The file is malformed or holds a value where a reference belongs; the
    /// message names the file, line and setting.</exception>
    /// <exception cref="FileNotFoundException">An explicit <c>--config</c> file does not exist.</exception>
    public static KeywardConfig Load(string? path)
    {
        if (path is not null && !File.Exists(path))
        {
            throw new FileNotFoundException($"configuration file '{path}' does not exist", path);
        }

        path ??= File.Exists(DefaultFile) ? Path.GetFullPath(DefaultFile) : null;
        var root = path is null ? null : ReadRoot(path);
        var audit = Section(root, "audit", path);
        var rotation = Section(root, "rotation", path);
        var webhooks = Section(root, "webhooks", path);
        var key = Scalar(audit, "audit", "key", path);
        if (key is not null && !SecretReference.TryParse(key, out _))
        {
            throw new InvalidDataException($"{path}: audit.key must be a secret reference such as env:KEYWARD_AUDIT_KEY, not the key itself (value not shown)");
        }

        return new KeywardConfig(
            path,
            Environment.GetEnvironmentVariable("KEYWARD_AUDIT_STORE") is { Length: > 0 } store ? store : Scalar(audit, "audit", "store", path),
            key,
            Environment.GetEnvironmentVariable("KEYWARD_ROTATION_JOURNAL") is { Length: > 0 } journal ? journal : Scalar(rotation, "rotation", "journal", path),
            Environment.GetEnvironmentVariable("KEYWARD_WEBHOOK_INBOX") is { Length: > 0 } inbox ? inbox : Scalar(webhooks, "webhooks", "inbox", path),
            Scalar(webhooks, "webhooks", "lease", path) is not { } lease ? null
                : DurationText.TryParse(lease, out var leaseTime) && leaseTime > TimeSpan.Zero ? leaseTime
                : throw new InvalidDataException($"{path}: webhooks.lease must be a duration such as 30s or 5m"),
            Scalar(webhooks, "webhooks", "secret-refresh", path) is not { } refresh ? null
                : DurationText.TryParse(refresh, out var refreshTime) && refreshTime > TimeSpan.Zero ? refreshTime
                : throw new InvalidDataException($"{path}: webhooks.secret-refresh must be a duration such as 10s or 1m"),
            ReadWebhooks(webhooks, path))
        {
            WebhookRetention = ReadRetention(Scalar(webhooks, "webhooks", "retention", path), path),
            Workspaces = ReadWorkspaces(Section(root, "workspaces", path), path),
            Policy = ReadPolicy(Section(root, "policy", path), path),
        };
    }

    /// <summary>Finds a workspace of the <c>workspaces:</c> section by name.</summary>
    /// <param name="name">The name given to <c>--workspace</c>.</param>
    /// <returns>The workspace.</returns>
    /// <exception cref="InvalidDataException">There is none by that name; the message lists those there are.</exception>
    public ConfiguredWorkspace Workspace(string name) =>
        Workspaces.FirstOrDefault(w => w.Name == name)
        ?? throw new InvalidDataException($"{Source ?? DefaultFile} has no workspace '{name}'{(Workspaces.Count == 0 ? "; add a workspaces: section (docs/configuration.md)" : $"; it has {string.Join(", ", Workspaces.Select(w => w.Name))}")}");

    private static List<ConfiguredWorkspace> ReadWorkspaces(YamlMappingNode? section, string? path)
    {
        var workspaces = new List<ConfiguredWorkspace>();
        foreach (var (key, node) in section?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            var name = ((YamlScalarNode)key).Value!;
            var where = $"workspaces.{name}";
            var entry = node as YamlMappingNode ?? throw new InvalidDataException($"{path}: line {node.Start.Line}: '{where}' must be a mapping with provider, api-key and environment");
            var provider = Scalar(entry, where, "provider", path) ?? "instantly";
            if (provider is not ("instantly" or "salesloft"))
            {
                throw new InvalidDataException($"{path}: {where}.provider must be instantly or salesloft, not '{provider}'");
            }

            var environment = Scalar(entry, where, "environment", path) ?? "production";
            if (environment is not ("dev" or "staging" or "production"))
            {
                throw new InvalidDataException($"{path}: {where}.environment must be dev, staging or production, not '{environment}'");
            }

            // A value where a reference belongs is kept (never printed) so the check can report it, not refused here.
            var apiKey = Scalar(entry, where, "api-key", path);
            workspaces.Add(new ConfiguredWorkspace(name, provider, apiKey is not null && SecretReference.TryParse(apiKey, out var reference) ? reference : null, apiKey, environment));
        }

        return workspaces;
    }

    private static PosturePolicy ReadPolicy(YamlMappingNode? section, string? path)
    {
        var policy = new PosturePolicy();
        if (section is null)
        {
            return policy;
        }

        var production = Section(section, "production", path);
        var maxAdmins = Scalar(production, "policy.production", "max-admins", path) ?? Scalar(section, "policy", "max-admins", path);
        return policy with
        {
            MaxKeyAge = Duration(section, "max-key-age", path) ?? policy.MaxKeyAge,
            UnusedAfter = Duration(section, "unused-after", path) ?? policy.UnusedAfter,
            AuditPullMaxAge = Duration(section, "audit-pull-max-age", path) ?? policy.AuditPullMaxAge,
            ProductionForbiddenScopes = production is null || List(production, "forbid-scopes", path, "policy.production") is not { Count: > 0 } forbidden
                ? policy.ProductionForbiddenScopes
                : forbidden.Select(f => ScopePattern.TryParse(f, out var pattern) ? pattern : throw new InvalidDataException($"{path}: policy.production.forbid-scopes: '{f}' is not a scope such as all:all or a pattern such as *:delete")).ToArray(),
            DevReadOnly = Scalar(section, "policy", "dev-read-only", path) is not { } readOnly || readOnly is not ("false" or "no"),
            MaxAdmins = maxAdmins is null ? policy.MaxAdmins
                : int.TryParse(maxAdmins, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var admins) ? admins
                : throw new InvalidDataException($"{path}: policy max-admins must be a number"),
            MemberDomains = List(section, "member-domains", path, "policy"),
            CompetitorDomains = List(section, "competitor-domains", path, "policy"),
        };
    }

    private static TimeSpan? Duration(YamlMappingNode section, string name, string? path) =>
        Scalar(section, "policy", name, path) is not { } text ? null
        : DurationText.TryParse(text, out var duration) && duration > TimeSpan.Zero ? duration
        : throw new InvalidDataException($"{path}: policy.{name} must be a duration such as 90d");

    private static TimeSpan? ReadRetention(string? text, string? path) => text switch
    {
        null => WebhookDispatcherOptions.DefaultKeepDelivered,
        "forever" => null,
        _ when DurationText.TryParse(text, out var keep) && keep >= WebhookDispatcherOptions.MinimumKeepDelivered => keep,
        _ => throw new InvalidDataException(
            $"{path}: webhooks.retention must be a duration of at least {DurationText.Format(WebhookDispatcherOptions.MinimumKeepDelivered)} such as 30d, or forever: a deleted event's key is forgotten, so a shorter one would let a sender's retry be handled twice"),
    };

    private static List<WebhookSettings> ReadWebhooks(YamlMappingNode? section, string? path)
    {
        var endpoints = new List<WebhookSettings>();
        foreach (var (key, node) in section?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            var name = ((YamlScalarNode)key).Value!;
            if (name is "inbox" or "lease" or "secret-refresh" or "retention")
            {
                continue;
            }

            var where = $"webhooks.{name}";
            var entry = node as YamlMappingNode ?? throw new InvalidDataException($"{path}: line {node.Start.Line}: '{where}' must be a mapping with path, verify and handler");
            var verify = Section(entry, "verify", path) ?? throw new InvalidDataException($"{path}: line {node.Start.Line}: {where} needs 'verify' (scheme and secret); an unauthenticated webhook is refused");

            // A misspelt security setting must not be dropped in silence (a "tolerence" would leave the default).
            foreach (var (setting, _) in verify.Children)
            {
                var known = (setting as YamlScalarNode)?.Value;
                if (known is null || !VerifySettings.Contains(known))
                {
                    throw new InvalidDataException($"{path}: line {setting.Start.Line}: {where}.verify has no setting '{known}'; it takes {string.Join(", ", VerifySettings)}");
                }
            }

            var scheme = Scalar(verify, $"{where}.verify", "scheme", path) ?? throw new InvalidDataException($"{path}: {where}.verify needs 'scheme' (header-secret, hmac-sha256, standard-webhooks, salesloft or basic-auth)");
            var tolerance = Scalar(verify, $"{where}.verify", "tolerance", path) is not { } toleranceText ? (TimeSpan?)null
                : !string.Equals(scheme.Trim(), WebhookVerifyConstants.StandardWebhooksScheme, StringComparison.OrdinalIgnoreCase)
                    ? throw new InvalidDataException($"{path}: {where}.verify.tolerance applies only to the standard-webhooks scheme, whose deliveries carry a timestamp")
                : DurationText.TryParse(toleranceText, out var window) && window > TimeSpan.Zero ? window
                : throw new InvalidDataException($"{path}: {where}.verify.tolerance must be a duration such as 5m or 60s");
            var secrets = List(verify, "secrets", path, $"{where}.verify") is { Count: > 0 } many ? many
                : Scalar(verify, $"{where}.verify", "secret", path) is { } one ? [one]
                : [];
            foreach (var reference in secrets.Where(r => !SecretReference.TryParse(r, out _)))
            {
                throw new InvalidDataException($"{path}: {where}.verify secrets must be secret references such as env:INSTANTLY_WEBHOOK_SECRET, not the secret itself (value not shown)");
            }

            var forwardSecret = Scalar(entry, where, "forward-secret", path);
            if (forwardSecret is not null && !SecretReference.TryParse(forwardSecret, out _))
            {
                throw new InvalidDataException($"{path}: {where}.forward-secret must be a secret reference such as vault-file:.keyward/secrets.kwv#CRM_FORWARD_SECRET, not the secret itself (value not shown)");
            }

            var maxBody = Scalar(entry, where, "max-body", path);
            var urlPath = Scalar(entry, where, "path", path) ?? $"/webhooks/{name}";
            if (!urlPath.StartsWith('/'))
            {
                throw new InvalidDataException($"{path}: {where}.path must start with /, such as /webhooks/{name}, not '{urlPath}'");
            }

            // Routes ignore case: two endpoints on one path would answer every delivery with a 500.
            if (endpoints.FirstOrDefault(e => string.Equals(e.Path, urlPath, StringComparison.OrdinalIgnoreCase)) is { } other)
            {
                throw new InvalidDataException($"{path}: webhooks.{other.Name} and {where} share the path {urlPath}; give each endpoint its own");
            }

            endpoints.Add(new WebhookSettings(
                name,
                urlPath,
                Scalar(entry, where, "vendor", path) ?? (name is "instantly" or "salesloft" ? name : "generic"),
                scheme,
                Scalar(verify, $"{where}.verify", "header", path),
                secrets,
                Scalar(verify, $"{where}.verify", "username", path),
                Scalar(entry, where, "handler", path),
                maxBody is null ? null : int.TryParse(maxBody, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bytes) && bytes > 0 ? bytes
                    : throw new InvalidDataException($"{path}: {where}.max-body must be a number of bytes"),
                List(entry, "allow", path, where),
                forwardSecret,
                tolerance));
        }

        return endpoints;
    }

    private static List<string> List(YamlMappingNode mapping, string name, string? path, string where) =>
        !mapping.Children.TryGetValue(new YamlScalarNode(name), out var value) ? []
        : value is YamlSequenceNode sequence && sequence.Children.All(c => c is YamlScalarNode { Value.Length: > 0 })
            ? [.. sequence.Children.Select(c => ((YamlScalarNode)c).Value!)]
            : throw new InvalidDataException($"{path}: line {value.Start.Line}: {where}.{name} must be a list of strings");

    private static YamlMappingNode? ReadRoot(string path)
    {
        var yaml = new YamlStream();
        try
        {
            using var reader = File.OpenText(path);
            yaml.Load(reader);
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{path}: line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }

        return yaml.Documents.Count > 0 ? yaml.Documents[0].RootNode as YamlMappingNode : null;
    }

    private static YamlMappingNode? Section(YamlMappingNode? root, string name, string? path) =>
        root is null || !root.Children.TryGetValue(new YamlScalarNode(name), out var node) ? null
        : node as YamlMappingNode ?? throw new InvalidDataException($"{path}: line {node.Start.Line}: '{name}' must be a mapping");

    private static string? Scalar(YamlMappingNode? section, string sectionName, string name, string? path) =>
        section is null || !section.Children.TryGetValue(new YamlScalarNode(name), out var value) ? null
        : value is YamlScalarNode { Value: { Length: > 0 } text } ? text
        : throw new InvalidDataException($"{path}: line {value.Start.Line}: {sectionName}.{name} must be a non-empty string");
}
