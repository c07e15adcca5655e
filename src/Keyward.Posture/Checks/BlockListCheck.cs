using Keyward.Core;
using Keyward.Posture.Admin;

namespace Keyward.Posture.Checks;

/// <summary>KW010: the block list holds the workspace's own domains (no campaign mails a colleague) and the
/// configured competitors' domains.</summary>
public sealed class BlockListCheck : IPostureCheck
{
    /// <inheritdoc/>
    public string Id => "KW010";

    /// <inheritdoc/>
    public string Title => "The block list holds your own and your competitors' domains";

    /// <inheritdoc/>
    public Severity Severity => Severity.Low;

    /// <inheritdoc/>
    public Task<CheckResult> RunAsync(PostureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Workspace is not { } workspace)
        {
            return Task.FromResult(CheckResult.Skip(this, context.NoWorkspaceReason));
        }

        if (workspace.BlockList.Value is not { } entries)
        {
            return Task.FromResult(CheckResult.Skip(this, workspace.BlockList.Missing!));
        }

        if (workspace.Members.Value is null && workspace.Workspace.Value is null)
        {
            return Task.FromResult(CheckResult.Skip(this, workspace.Members.Missing!));
        }

        var blocked = entries.Select(e => MailNames.Clean(e.BlValue)).ToHashSet(StringComparer.Ordinal);
        var wanted = WorkspaceMembersCheck.OwnDomains(workspace)
            .Concat(context.Policy.CompetitorDomains.Select(MailNames.Clean))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var missing = wanted.Where(d => !blocked.Contains(d)).Order(StringComparer.Ordinal).ToArray();
        return Task.FromResult(missing.Length == 0
            ? CheckResult.Passed(this, $"the block list holds {string.Join(", ", wanted)}")
            : CheckResult.Failed(
                this,
                $"{Plural.Of(missing.Length, "domain")} missing from the block list",
                [.. missing.Select(d => $"{d} is not blocked")],
                $"keyward blocklist add {string.Join(' ', missing)}"));
    }
}
