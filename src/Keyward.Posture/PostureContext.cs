using Keyward.Audit;
using Keyward.Core.Secrets;
using Keyward.Scanning;

namespace Keyward.Posture;

/// <summary>Everything the checks look at, collected before they run: the repository, the configuration, the
/// workspace and the local audit log. Any part may be missing; the checks that need it are then skipped.</summary>
public sealed class PostureContext
{
    private Task<ScanResult>? _working;
    private Task<ScanResult>? _history;
    private Task<IReadOnlyList<LocalCall>>? _localCalls;

    /// <summary>Gets the repository or directory checked, or null for none.</summary>
    public string? RepositoryPath { get; init; }

    /// <summary>Gets a value indicating whether KW001 also scans the whole git history.</summary>
    public bool ScanHistory { get; init; }

    /// <summary>Gets the environment of the workspace checked: <c>dev</c>, <c>staging</c> or <c>production</c>.</summary>
    public string Environment { get; init; } = "production";

    /// <summary>Gets the policy.</summary>
    public PosturePolicy Policy { get; init; } = new();

    /// <summary>Gets the workspaces of the configuration.</summary>
    public IReadOnlyList<ConfiguredWorkspace> Workspaces { get; init; } = [];

    /// <summary>Gets the workspace data, or null when no workspace is checked.</summary>
    public WorkspaceSnapshot? Workspace { get; init; }

    /// <summary>Gets the Salesloft team's data, when the workspace checked is a Salesloft one.</summary>
    public SalesloftSnapshot? Salesloft { get; init; }

    /// <summary>Gets why no workspace is checked, when <see cref="Workspace"/> is null.</summary>
    public string NoWorkspaceReason { get; init; } = "no workspace was checked (give --admin-secret, or run keyward check --sandbox)";

    /// <summary>Gets the local audit log, or null when there is none.</summary>
    public AuditLog? AuditLog { get; init; }

    /// <summary>Gets the resolver of configured secret references (KW003 compares fingerprints, never values).</summary>
    public ISecretResolver? Secrets { get; init; }

    /// <summary>Gets the clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Scans the working tree once for every check that needs it.</summary>
    /// <returns>The scan, hygiene findings included.</returns>
    internal Task<ScanResult> ScanWorkingTreeAsync() =>
        _working ??= ScanRunner.RunAsync(new ScanRequest { Path = RepositoryPath!, RespectGitignore = true });

    /// <summary>Reads, once, the Instantly calls the local audit log holds (keyward's guarded client records each as
    /// <c>instantly.api.call</c> by <c>instantly-key:ID</c>); empty without a local log.</summary>
    /// <returns>The calls.</returns>
    internal Task<IReadOnlyList<LocalCall>> LocalCallsAsync() => _localCalls ??= ReadLocalCallsAsync();

    /// <summary>Scans the whole git history once.</summary>
    /// <returns>The scan.</returns>
    internal Task<ScanResult> ScanHistoryAsync() =>
        _history ??= ScanRunner.RunAsync(new ScanRequest { Path = RepositoryPath!, Mode = ScanMode.History });

    private async Task<IReadOnlyList<LocalCall>> ReadLocalCallsAsync()
    {
        const string Prefix = "instantly-key:";
        var calls = new List<LocalCall>();
        if (AuditLog is null)
        {
            return calls;
        }

        await foreach (var entry in AuditLog.ReadAsync().ConfigureAwait(false))
        {
            if (entry.Source == AuditEntry.LocalSource && entry.Action == "instantly.api.call" && entry.Actor.StartsWith(Prefix, StringComparison.Ordinal)
                && Guid.TryParseExact(entry.Actor[Prefix.Length..], "D", out _))
            {
                calls.Add(new LocalCall(entry.Actor[Prefix.Length..], entry.Resource, entry.Timestamp));
            }
        }

        return calls;
    }
}
