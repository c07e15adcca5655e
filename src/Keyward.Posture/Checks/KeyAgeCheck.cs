using Keyward.Core;

namespace Keyward.Posture.Checks;

/// <summary>KW006: every key is younger than the policy's maximum age (90 days by default).</summary>
public sealed class KeyAgeCheck : IPostureCheck
{
    /// <inheritdoc/>
    public string Id => "KW006";

    /// <inheritdoc/>
    public string Title => "Keys are rotated within the maximum age";

    /// <inheritdoc/>
    public Severity Severity => Severity.High;

    /// <inheritdoc/>
    public Task<CheckResult> RunAsync(PostureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Workspace is not { } workspace)
        {
            return Task.FromResult(CheckResult.Skip(this, context.NoWorkspaceReason));
        }

        if (workspace.Keys.Value is not { } keys)
        {
            return Task.FromResult(CheckResult.Skip(this, workspace.Keys.Missing!));
        }

        var now = context.Time.GetUtcNow();
        var maxDays = (int)context.Policy.MaxKeyAge.TotalDays;
        var old = keys.Where(k => k.TimestampCreated is { } created && now - created > context.Policy.MaxKeyAge).ToArray();
        return Task.FromResult(old.Length == 0
            ? CheckResult.Passed(this, $"{Plural.Of(keys.Count, "key")}, none older than {maxDays} days")
            : CheckResult.Failed(
                this,
                $"{Plural.Of(old.Length, "key")} older than {maxDays} days",
                [.. old.Select(k => $"key {k.Name} ({k.Id}) is {(int)(now - k.TimestampCreated!.Value).TotalDays} days old")],
                "Rotate each without downtime: keyward keys rotate --secret REF (the reference that holds it); keyward keys due lists them."));
    }
}
